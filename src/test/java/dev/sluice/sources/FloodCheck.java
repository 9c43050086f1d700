package dev.sluice.sources;

import dev.sluice.streaming.ReceiverInfo;
import dev.sluice.streaming.StreamingContext;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The overload check of {@code scripts/flood-check}: a child JVM with {@code -Xmx256m} runs a
 * program with {@code backpressure(true)} (defaults otherwise, 1 s batches) reading one receiver
 * that the parent floods over loopback as fast as it can for a fixed time (10 s), and counts every
 * record that reaches its output in a {@code foreachRDD}.
 *
 * <ul>
 * <li>{@code unreliable}: {@code socketTextStream}; the parent counts the lines it wrote, the
 *     child the lines its output saw and the drops its receiver reported ({@code ssc.receivers()}).
 *     Lost = lines written but never seen by the output.</li>
 * <li>{@code reliable}: {@link AckingLineReceiver} with a checkpoint directory (write-ahead log);
 *     the parent is the acking server and counts the lines the receiver acknowledged. Lost
 *     acknowledged = acknowledged lines never seen by the output.</li>
 * </ul>
 * After the flood the parent stops sending and tells the child to drain (on its stdin); the child
 * waits until its receiver has taken nothing new for 2 s, stops gracefully and writes a summary and
 * the set of sequence numbers its output saw. Not a unit test: it runs on the wall clock.
 *
 * <p>{@code java -cp <test class path> dev.sluice.sources.FloodCheck parent <workDir> [seconds]}
 */
public final class FloodCheck {

    private static final int PADDING = 90;

    private FloodCheck() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("child")) {
            child(args[1], Integer.parseInt(args[2]), Path.of(args[3]));
        } else {
            parent(Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 10);
        }
    }

    // ---------------------------------------------------------------- parent

    private static void parent(Path work, int seconds) throws Exception {
        Files.createDirectories(work);
        List<String> lines = new ArrayList<>();
        for (String kind : List.of("unreliable", "reliable")) {
            lines.add(runOne(kind, work.resolve(kind), seconds));
        }
        Path result = work.resolve("flood-check.txt");
        Files.write(result, lines);
        lines.forEach(System.out::println);
    }

    private static String runOne(String kind, Path dir, int seconds) throws Exception {
        Files.createDirectories(dir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-cp", System.getProperty("java.class.path"), FloodCheck.class.getName(), "child", kind,
                    Integer.toString(server.getLocalPort()), dir.toString());
            pb.redirectErrorStream(true);
            pb.redirectOutput(dir.resolve("child.log").toFile());
            Process child = pb.start();
            System.err.println("[flood-check] " + kind + ": child pid " + child.pid());
            try {
                server.setSoTimeout(60_000);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
                long sent;
                Acks acked = new Acks();
                if (kind.equals("unreliable")) {
                    sent = floodUnreliable(server, deadline);
                } else {
                    sent = floodReliable(server, deadline, acked);
                }
                try {
                    Writer stdin = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
                    stdin.write("drain\n");
                    stdin.flush();
                } catch (IOException e) {
                    // the child is gone; its exit code says so below
                }
                if (!child.waitFor(180, TimeUnit.SECONDS)) {
                    return kind + ": FAILED, the child did not finish within 180 s; see " + dir.resolve("child.log");
                }
                if (child.exitValue() != 0) {
                    return String.format("%s: FAILED, sent %,d in %d s, then the child exited with %d (%s); see %s", kind, sent,
                            seconds, child.exitValue(), firstError(dir.resolve("child.log")), dir.resolve("child.log"));
                }
                return report(kind, dir, seconds, sent, acked.get());
            } finally {
                if (child.isAlive()) {
                    child.destroyForcibly();
                    child.waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static String firstError(Path log) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.contains("OutOfMemoryError") || l.contains("Exception"))
                .findFirst().orElse("no exception in the log").trim();
    }

    private static byte[] line(long seq) {
        // "<seq> <seq> xxx": the acking protocol's sequence number, then a payload that starts with it too
        StringBuilder sb = new StringBuilder(PADDING + 48).append(seq).append(' ').append(seq).append(' ');
        sb.append("x".repeat(PADDING)).append('\n');
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes numbered lines until the deadline; returns how many were written (all flushed before the close). */
    private static long floodUnreliable(ServerSocket server, long deadline) throws IOException {
        long seq = 0;
        try (Socket s = server.accept(); OutputStream out = new java.io.BufferedOutputStream(s.getOutputStream(), 64 * 1024)) {
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < 256; i++) {
                    out.write(line(seq++));
                }
            }
            out.flush();
        } catch (IOException e) {
            System.err.println("[flood-check] unreliable: the connection failed after " + seq + " lines: " + e);
        }
        return seq;
    }

    /** The highest sequence number the receiver acknowledged (-1: none yet); waiters wake at each acknowledgement. */
    private static final class Acks {
        private long highest = -1;

        synchronized void advance(long seq) {
            if (seq > highest) {
                highest = seq;
                notifyAll();
            }
        }

        synchronized long get() {
            return highest;
        }

        /** Waits until {@code seq} is acknowledged or {@code timeoutNanos} have passed. */
        synchronized void awaitAtLeast(long seq, long timeoutNanos) throws InterruptedException {
            long until = System.nanoTime() + timeoutNanos;
            long left;
            while (highest < seq && (left = until - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    /**
     * Serves the acking protocol until the deadline: on each connection reads {@code RESUME n} and
     * sends from n+1; a reader thread keeps the highest acknowledged sequence number. After the
     * deadline waits (up to 60 s) until everything sent is acknowledged. Returns how many were sent.
     */
    private static long floodReliable(ServerSocket server, long deadline, Acks acked) throws Exception {
        long next = 0;
        while (System.nanoTime() < deadline) {
            Socket s;
            try {
                server.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                s = server.accept();
            } catch (SocketTimeoutException e) {
                break;
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String resume = in.readLine();
            if (resume == null || !resume.startsWith("RESUME ")) {
                s.close();
                continue;
            }
            next = Long.parseLong(resume.substring(7)) + 1;
            Thread reader = new Thread(() -> {
                try {
                    String l;
                    while ((l = in.readLine()) != null) {
                        if (l.startsWith("ACK ")) {
                            acked.advance(Long.parseLong(l.substring(4)));
                        }
                    }
                } catch (IOException e) {
                    // the connection ended
                }
            }, "flood-acks");
            reader.setDaemon(true);
            reader.start();
            try {
                OutputStream out = new java.io.BufferedOutputStream(s.getOutputStream(), 64 * 1024);
                while (System.nanoTime() < deadline) {
                    for (int i = 0; i < 256; i++) {
                        out.write(line(next++));
                    }
                }
                out.flush();
                acked.awaitAtLeast(next - 1, TimeUnit.SECONDS.toNanos(60));
                return next;
            } catch (IOException e) {
                s.close();   // the receiver reconnects and resumes
            }
        }
        return next;
    }

    private static String report(String kind, Path dir, int seconds, long sent, long maxAck) throws IOException {
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(dir.resolve("summary.properties"))) {
            p.load(r);
        }
        BitSet seen;
        try (DataInputStream in = new DataInputStream(Files.newInputStream(dir.resolve("seen.bin")))) {
            long[] words = new long[in.readInt()];
            for (int i = 0; i < words.length; i++) {
                words[i] = in.readLong();
            }
            seen = BitSet.valueOf(words);
        }
        long outputRecords = Long.parseLong(p.getProperty("outputRecords"));
        long distinct = seen.cardinality();
        long dropped = Long.parseLong(p.getProperty("dropped"));
        String common = String.format("sent %,d in %d s (%,.0f/s), output %,d (%,d distinct), receiver dropped %,d, "
                        + "receiver rate limit at the end of the flood %s/s, child peak heap used %s MB",
                sent, seconds, sent / (double) seconds, outputRecords, distinct, dropped, p.getProperty("rateLimitAtDrain"),
                p.getProperty("peakHeapMb"));
        if (kind.equals("unreliable")) {
            long missing = sent - seen.get(0, (int) sent).cardinality();
            return String.format("unreliable socketTextStream: lost %,d of %,d sent (%.2f%%); %s", missing, sent,
                    sent == 0 ? 0.0 : 100.0 * missing / sent, common);
        }
        long ackedCount = maxAck + 1;
        long lostAcked = ackedCount - seen.get(0, (int) ackedCount).cardinality();
        return String.format("reliable AckingLineReceiver: lost acknowledged %,d of %,d acknowledged (%.2f%%), duplicates %,d; %s",
                lostAcked, ackedCount, ackedCount == 0 ? 0.0 : 100.0 * lostAcked / ackedCount, outputRecords - distinct, common);
    }

    // ---------------------------------------------------------------- child

    /** Sequence numbers seen by the child's output (static: the local engine runs tasks in this JVM). */
    private static final BitSet SEEN = new BitSet();
    private static final AtomicLong OUTPUT = new AtomicLong();

    private static void see(String record) {
        int seq = Integer.parseInt(record.substring(0, record.indexOf(' ')));
        synchronized (SEEN) {
            SEEN.set(seq);
        }
        OUTPUT.incrementAndGet();
    }

    private static void child(String kind, int port, Path dir) throws Exception {
        StreamingContext.Builder b = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).backpressure(true);
        if (kind.equals("reliable")) {
            b.checkpointDir(dir.resolve("ckpt"));
        }
        StreamingContext ssc = b.build();
        var stream = kind.equals("reliable")
                ? ssc.receiverStream(new AckingLineReceiver("127.0.0.1", port))
                : ssc.socketTextStream("127.0.0.1", port);
        stream.foreachRDD(rdd -> rdd.foreach(FloodCheck::see));
        Runtime rt = Runtime.getRuntime();
        long[] peak = {0};
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak[0] = Math.max(peak[0], rt.totalMemory() - rt.freeMemory());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        ssc.start();
        sampler.start();
        long started = System.nanoTime();
        Thread timeline = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
                ReceiverInfo r = ssc.receivers().get(0);
                System.out.printf("[timeline] %5.1f s: received %d, dropped %d, output %d, rate limit %d/s, heap used %d MB%n",
                        (System.nanoTime() - started) / 1e9, r.recordsReceived(), r.recordsDropped(), OUTPUT.get(),
                        r.rateLimit(), (rt.totalMemory() - rt.freeMemory()) >> 20);
            }
        }, "timeline");
        timeline.setDaemon(true);
        timeline.start();
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        stdin.readLine();   // "drain", or the end of the parent
        long rateLimitAtDrain = ssc.receivers().get(0).rateLimit();
        long last = -1;
        long stableSince = System.nanoTime();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < until) {
            ReceiverInfo r = ssc.receivers().get(0);
            long taken = r.recordsReceived() + r.recordsDropped();
            if (taken != last) {
                last = taken;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > TimeUnit.SECONDS.toNanos(2)) {
                break;
            }
            Thread.sleep(100);
        }
        ReceiverInfo r = ssc.receivers().get(0);
        ssc.stop(true);
        sampler.interrupt();
        timeline.interrupt();
        Properties p = new Properties();
        p.setProperty("outputRecords", Long.toString(OUTPUT.get()));
        p.setProperty("received", Long.toString(r.recordsReceived()));
        p.setProperty("dropped", Long.toString(r.recordsDropped()));
        p.setProperty("rateLimitAtDrain", Long.toString(rateLimitAtDrain));
        p.setProperty("peakHeapMb", Long.toString(peak[0] >> 20));
        p.setProperty("lastError", r.lastError().orElse(""));
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("summary.properties"))) {
            p.store(w, kind);
        }
        long[] words;
        synchronized (SEEN) {
            words = SEEN.toLongArray();
        }
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(dir.resolve("seen.bin"))))) {
            out.writeInt(words.length);
            for (long w : words) {
                out.writeLong(w);
            }
        }
        System.exit(0);
    }
}
