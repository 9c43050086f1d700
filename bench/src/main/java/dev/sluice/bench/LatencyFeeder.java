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
 * W7's feeder: sends lines {@code "SEQ KEY STAMP\n"} at a fixed rate for a fixed time, either as a
 * TCP server on the loopback address that the engine's socket source connects to, or ({@link
 * #kafka}) as records of a Kafka topic that the engine's Kafka stream reads ({@link LatencyKafkaOut}).
 *
 * <p>It runs on its own thread in the engine's JVM, so STAMP (System.nanoTime taken as the line is
 * written) and the output's time come from one clock. Lines are due at {@code start + seq / rate};
 * every pass writes the lines due by then, flushes them (TCP_NODELAY; for Kafka, every record is
 * handed to the producer as it is stamped) and parks until the next is due. How late each pass was
 * against the schedule is recorded, so a feeder that fell behind (which would hide latency: its lines
 * are stamped when actually sent) shows in the report. KEY is one of {@code keys} keys, spread over
 * the sequence by a fixed hash.
 */
public final class LatencyFeeder implements AutoCloseable {
    private static final int MAX_PER_PASS = 10_000;

    /** Where the lines go. */
    interface Out extends AutoCloseable {
        /** Writes line {@code line[0, length)} (newline included) of key number {@code key}. */
        void write(byte[] line, int length, int key) throws IOException;

        /** Sends what was written. */
        void flush() throws IOException;
    }

    private final ServerSocket server;
    private final LatencySource kafka;
    private volatile LatencyKafkaOut kafkaOut;
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
        this(rate, keys, null);
    }

    private LatencyFeeder(long rate, int keys, LatencySource kafka) throws IOException {
        if (rate < 1 || keys < 1) {
            throw new IllegalArgumentException("rate and keys must be positive");
        }
        this.rate = rate;
        this.keys = keys;
        this.kafka = kafka;
        this.server = kafka == null ? new ServerSocket(0, 1, InetAddress.getLoopbackAddress()) : null;
    }

    /**
     * A feeder that writes to the Kafka topic of {@code source} (which must exist); its producer is
     * made in {@link #start}.
     */
    static LatencyFeeder kafka(long rate, int keys, LatencySource source) throws IOException {
        if (!source.isKafka()) {
            throw new IllegalArgumentException("not a Kafka source: " + source);
        }
        return new LatencyFeeder(rate, keys, source);
    }

    /** Where the engine reads this feeder's lines. */
    public LatencySource source() {
        return kafka != null ? kafka : LatencySource.socket(server.getLocalPort());
    }

    /** The port the engine connects to, on 127.0.0.1 (socket feeders only). */
    public int port() {
        return server.getLocalPort();
    }

    /**
     * Socket: waits (at most {@code acceptTimeoutMs}) for the engine's connection; Kafka: makes the
     * producer and fetches the topic's metadata. Then starts sending for {@code warmupMs + measureMs}
     * on a new thread and sets {@code sink}'s window to the measured part.
     */
    public void start(long acceptTimeoutMs, long warmupMs, long measureMs, LatencySink sink) throws IOException {
        Out out;
        if (kafka != null) {
            LatencyKafkaOut k = new LatencyKafkaOut(kafka);
            kafkaOut = k;
            out = k;
        } else {
            out = socketOut(acceptTimeoutMs);
        }
        long start = System.nanoTime();
        long startMs = System.currentTimeMillis();
        long from = start + warmupMs * 1_000_000;
        long to = from + measureMs * 1_000_000;
        sink.window(from, to, startMs + warmupMs, startMs + warmupMs + measureMs);
        Thread t = new Thread(() -> {
            try {
                feed(out, start, from, to);
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

    private Out socketOut(long acceptTimeoutMs) throws IOException {
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
        OutputStream buffered = new BufferedOutputStream(s.getOutputStream(), 1 << 16);
        return new Out() {
            @Override
            public void write(byte[] line, int length, int key) throws IOException {
                buffered.write(line, 0, length);
            }

            @Override
            public void flush() throws IOException {
                buffered.flush();
            }

            @Override
            public void close() throws IOException {
                s.close();
            }
        };
    }

    private void feed(Out out, long start, long from, long to) throws IOException {
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
                    int key = key(seq);
                    int n = format(line, seq, key, stamp);
                    out.write(line, n, key);
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

    /** Why sending stopped early (for Kafka also: the first send the broker refused), or null. */
    public Throwable failure() {
        LatencyKafkaOut k = kafkaOut;
        return failure != null ? failure : k != null ? k.failure() : null;
    }

    /** Stops sending and closes the connection and the server, or the producer. */
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
            if (server != null) {
                server.close();
            }
        }
        if (t != null) {
            t.join(5_000);
        }
        LatencyKafkaOut k = kafkaOut;
        if (k != null) {
            k.close();
        }
    }
}
