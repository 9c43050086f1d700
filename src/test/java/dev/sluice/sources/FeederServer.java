package dev.sluice.sources;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A source of numbered records on 127.0.0.1 speaking {@link AckingLineReceiver}'s protocol: it
 * releases records {@code 0..total-1} at a steady rate and forgets a record only once it is
 * acknowledged, resending from the receiver's stored position on every new connection. Counts
 * what it sees: acknowledgements, connections, and resumes below what was acknowledged (which
 * would mean acknowledged records were lost).
 */
final class FeederServer implements AutoCloseable {

    private final ServerSocket server;
    private final long total;
    private final long ratePerSecond;
    private final long startNanos = System.nanoTime();
    private final Object lock = new Object();
    private final Thread acceptor;
    private volatile boolean closed;
    private volatile long acked = -1;
    private Socket current;
    final AtomicLong connections = new AtomicLong();
    final AtomicLong resumesBelowAcked = new AtomicLong();

    FeederServer(long total, long ratePerSecond) throws IOException {
        this.total = total;
        this.ratePerSecond = ratePerSecond;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "feeder-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Returns the highest acknowledged sequence number (-1: none). */
    long acked() {
        return acked;
    }

    long total() {
        return total;
    }

    private long available() {
        long elapsedMs = (System.nanoTime() - startNanos) / 1_000_000;
        return Math.min(total, elapsedMs * ratePerSecond / 1000 + 1);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                synchronized (lock) {
                    if (current != null) {
                        current.close();
                    }
                    current = s;
                    connections.incrementAndGet();
                    lock.notifyAll();
                }
                Thread t = new Thread(() -> serve(s), "feeder-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String hello = in.readLine();
            if (hello == null || !hello.startsWith("RESUME ")) {
                return;
            }
            long resume = Long.parseLong(hello.substring(7).trim());
            synchronized (lock) {
                if (resume < acked) {
                    resumesBelowAcked.incrementAndGet();
                }
                acked = Math.max(acked, resume);
            }
            Thread reader = new Thread(() -> readAcks(in), "feeder-acks");
            reader.setDaemon(true);
            reader.start();
            OutputStream out = s.getOutputStream();
            long next = acked + 1;
            while (!closed && !s.isClosed()) {
                long upTo = available();
                if (next < upTo) {
                    StringBuilder sb = new StringBuilder();
                    for (long i = next; i < upTo && i < next + 500; i++) {
                        sb.append(i).append(" rec-").append(i).append('\n');
                    }
                    next = Math.min(upTo, next + 500);
                    out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } else {
                    synchronized (lock) {
                        lock.wait(5);
                    }
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the receiver went away; it reconnects and resumes
        }
    }

    private void readAcks(BufferedReader in) {
        try {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    long n = Long.parseLong(line.substring(4).trim());
                    synchronized (lock) {
                        acked = Math.max(acked, n);
                        lock.notifyAll();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // connection closed
        }
    }

    /** Waits until {@code n} connections were accepted; false on timeout or if {@code alive} exits. */
    boolean awaitConnections(long n, long timeoutMs, Process alive) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        synchronized (lock) {
            while (connections.get() < n) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || !alive.isAlive()) {
                    return false;
                }
                // Woken by each accepted connection; the bound only re-checks whether the child died.
                lock.wait(Math.min(left, 50));
            }
            return true;
        }
    }

    /** Waits until at least {@code seq} is acknowledged or {@code timeoutMs} passes; returns true if it was. */
    boolean awaitAcked(long seq, long timeoutMs, Process alive) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        synchronized (lock) {
            while (acked < seq) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || (alive != null && !alive.isAlive())) {
                    return false;
                }
                lock.wait(Math.min(left, 50));
            }
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        synchronized (lock) {
            if (current != null) {
                current.close();
            }
            lock.notifyAll();
        }
    }
}
