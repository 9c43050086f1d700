package dev.sluice.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * W7's feeder: a TCP server on the loopback address that the engine's socket source connects to,
 * sending lines {@code "SEQ KEY STAMP\n"} at a fixed rate for a fixed time.
 *
 * <p>It runs on its own thread in the engine's JVM, so STAMP (System.nanoTime taken as the line is
 * written) and the output's time come from one clock. Lines are due at {@code start + seq / rate};
 * every pass writes the lines due by then, flushes them (TCP_NODELAY) and parks until the next is
 * due. How late each pass was against the schedule is recorded, so a feeder that fell behind (which
 * would hide latency: its lines are stamped when actually sent) shows in the report. KEY is one of
 * {@code keys} keys, spread over the sequence by a fixed hash.
 */
public final class LatencyFeeder implements AutoCloseable {
    private static final int MAX_PER_PASS = 10_000;

    private final ServerSocket server;
    private final long rate;
    private final int keys;
    private final LatencyRecorder lag = new LatencyRecorder();
    private volatile Socket socket;
    private volatile Thread thread;
    private volatile boolean stopped;
    private volatile long sent;
    private volatile long sentMeasured;
    private volatile long keptMeasured;
    private volatile Throwable failure;

    /** Binds a loopback server on a free port; {@link #start} accepts the engine's connection. */
    public LatencyFeeder(long rate, int keys) throws IOException {
        if (rate < 1 || keys < 1) {
            throw new IllegalArgumentException("rate and keys must be positive");
        }
        this.rate = rate;
        this.keys = keys;
        this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    /** The port the engine connects to, on 127.0.0.1. */
    public int port() {
        return server.getLocalPort();
    }

    /**
     * Waits (at most {@code acceptTimeoutMs}) for the engine's connection, then starts sending for
     * {@code warmupMs + measureMs} on a new thread and sets {@code sink}'s window to the measured part.
     */
    public void start(long acceptTimeoutMs, long warmupMs, long measureMs, LatencySink sink) throws IOException {
        server.setSoTimeout((int) acceptTimeoutMs);
        Socket s;
        try {
            s = server.accept();
        } catch (SocketTimeoutException e) {
            throw new IOException("the engine's socket source did not connect to port " + port() + " within "
                    + acceptTimeoutMs + " ms", e);
        }
        s.setTcpNoDelay(true);
        socket = s;
        long start = System.nanoTime();
        long startMs = System.currentTimeMillis();
        long from = start + warmupMs * 1_000_000;
        long to = from + measureMs * 1_000_000;
        sink.window(from, to, startMs + warmupMs, startMs + warmupMs + measureMs);
        Thread t = new Thread(() -> {
            try {
                feed(s.getOutputStream(), start, from, to);
            } catch (IOException | RuntimeException e) {
                if (!stopped) {
                    failure = e;
                }
            }
        }, "w7-feeder");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void feed(OutputStream raw, long start, long from, long to) throws IOException {
        OutputStream out = new BufferedOutputStream(raw, 1 << 16);
        byte[] line = new byte[64];
        long seq = 0;
        while (!stopped) {
            long now = System.nanoTime();
            if (now >= to) {
                break;
            }
            long due = (long) ((now - start) / 1e9 * rate);
            if (seq < due) {
                lag.record(now - (start + (long) (seq * 1e9 / rate)));
                long last = Math.min(due, seq + MAX_PER_PASS);
                for (; seq < last; seq++) {
                    long stamp = System.nanoTime();
                    int n = format(line, seq, key(seq), stamp);
                    out.write(line, 0, n);
                    if (stamp >= from && stamp < to) {
                        sentMeasured++;
                        if (LatencyCase.kept(seq)) {
                            keptMeasured++;
                        }
                    }
                }
                out.flush();
                sent = seq;
            } else {
                long next = start + (long) ((seq + 1) * 1e9 / rate);
                LockSupport.parkNanos(Math.max(1_000, Math.min(next - now, 1_000_000)));
            }
        }
        out.flush();
    }

    /** The key number of record {@code seq}. */
    int key(long seq) {
        long h = seq * 0x9E3779B97F4A7C15L;
        return (int) Long.remainderUnsigned(h ^ (h >>> 29), keys);
    }

    /** Writes {@code "SEQ kKEY STAMP\n"} into {@code buf}; returns its length. */
    static int format(byte[] buf, long seq, int key, long stamp) {
        int n = digits(buf, 0, seq);
        buf[n++] = ' ';
        buf[n++] = 'k';
        n = digits(buf, n, key);
        buf[n++] = ' ';
        n = digits(buf, n, stamp);
        buf[n++] = '\n';
        return n;
    }

    private static int digits(byte[] buf, int at, long v) {
        if (v < 0) {
            buf[at++] = '-';
            v = -v;
        }
        int len = 1;
        for (long x = v / 10; x > 0; x /= 10) {
            len++;
        }
        for (int i = at + len - 1; i >= at; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return at + len;
    }

    /** Waits (at most {@code timeoutMs}) for the sending thread to finish its time. */
    public boolean awaitSent(long timeoutMs) throws InterruptedException {
        Thread t = thread;
        if (t == null) {
            return true;
        }
        t.join(Math.max(1, timeoutMs));
        return !t.isAlive();
    }

    /** Lines sent so far. */
    public long sent() {
        return sent;
    }

    /** Lines stamped inside the measured window. */
    public long sentMeasured() {
        return sentMeasured;
    }

    /** Of those, the ones the stateless case keeps. */
    public long keptMeasured() {
        return keptMeasured;
    }

    /** How late each sending pass started against the schedule. */
    public LatencyRecorder lag() {
        return lag;
    }

    /** Why sending stopped early, or null. */
    public Throwable failure() {
        return failure;
    }

    /** Stops sending and closes the connection and the server. */
    @Override
    public void close() throws IOException, InterruptedException {
        stopped = true;
        Thread t = thread;
        Socket s = socket;
        try {
            if (s != null) {
                s.close();
            }
        } finally {
            server.close();
        }
        if (t != null) {
            t.join(5_000);
        }
    }
}
