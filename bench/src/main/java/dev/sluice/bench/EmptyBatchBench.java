package dev.sluice.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.sluice.streaming.DStream;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.StateSpec;
import dev.sluice.streaming.StreamingContext;

/**
 * Measures what an empty batch costs: a context with 1 ms batches on the system clock reads a
 * loopback socket that accepts the connection and never sends a byte, so every batch is empty, and
 * for {@code seconds} after a warm-up it counts the batches, the bytes every thread allocated
 * ({@code com.sun.management.ThreadMXBean.getThreadAllocatedBytes}) and the process's CPU time.
 *
 * <p>Cases: {@code stateless} (map, filter, foreachRDD), {@code window} (pairs, a 10 s {@code
 * reduceByKeyAndWindow} with an inverse function sliding every batch, foreachRDD), {@code state}
 * (pairs, {@code mapWithState} with a 1 s timeout, foreachRDD), {@code keptstate} (the same with
 * a 10 min timeout, after the socket has sent 100,000 distinct keys once at the start, so that
 * every measured batch is empty while the state holds 100,000 keys that cannot yet time out);
 * each with or without a checkpoint
 * directory. Prints one {@code RESULT} line (bytes and CPU microseconds per batch) and the bytes per
 * batch of each thread group, so the allocating threads can be told apart.
 *
 * <p>Usage: {@code EmptyBatchBench CASE SECONDS [ckpt|nockpt] [WARMUP_SECONDS] [BATCH_MS]}; run by
 * {@code bench/run.sh empty}. Only the public API is used, so it runs against any build.
 */
public final class EmptyBatchBench {

    /** The distinct keys the socket sends once at the start of the keptstate case. */
    private static final int KEPT_KEYS = 100_000;

    private EmptyBatchBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: EmptyBatchBench stateless|window|state|keptstate SECONDS [ckpt|nockpt] [WARMUP_SECONDS] [BATCH_MS]");
        }
        String kind = args[0];
        int seconds = Integer.parseInt(args[1]);
        boolean ckpt = args.length > 2 && args[2].equals("ckpt");
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        long batchMs = args.length > 4 ? Long.parseLong(args[4]) : 1;

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);

        Path dir = ckpt ? Files.createTempDirectory("empty-batch-ckpt") : null;
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = server.accept();
                        synchronized (held) {
                            held.add(s);   // kept open, never written to (but for keptstate's keys, once)
                        }
                        if (kind.equals("keptstate")) {
                            var out = new java.io.BufferedWriter(new java.io.OutputStreamWriter(s.getOutputStream(),
                                    java.nio.charset.StandardCharsets.UTF_8));
                            for (int k = 0; k < KEPT_KEYS; k++) {
                                out.write("k" + k + "\n");
                            }
                            out.flush();
                        }
                    }
                } catch (IOException closed) {
                    // the server closed at the end
                }
            }, "silent-feeder");
            acceptor.setDaemon(true);
            acceptor.start();

            StreamingContext.Builder builder = StreamingContext.builder().batchInterval(Duration.ofMillis(batchMs)).parallelism(2);
            if (dir != null) {
                builder.checkpointDir(dir);
            }
            StreamingContext ssc = builder.build();
            AtomicLong calls = new AtomicLong();
            DStream<String> lines = ssc.socketTextStream("127.0.0.1", server.getLocalPort());
            switch (kind) {
                case "stateless" -> lines.map(String::trim).filter(s -> !s.isEmpty())
                        .foreachRDD((rdd, time) -> calls.incrementAndGet());
                case "window" -> lines.mapToPair(s -> Pair.of(s, 1L))
                        .reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, Duration.ofSeconds(10), Duration.ofMillis(batchMs))
                        .foreachRDD((rdd, time) -> calls.incrementAndGet());
                case "state", "keptstate" -> lines.mapToPair(s -> Pair.of(s, 1L))
                        .mapWithState(StateSpec.<String, Long, Long, Long>function((key, value, state) -> {
                            long sum = value.orElse(0L) + (state.exists() ? state.get() : 0L);
                            if (!state.isTimingOut()) {
                                state.update(sum);
                            }
                            return sum;
                        }).timeout(kind.equals("state") ? Duration.ofSeconds(1) : Duration.ofMinutes(10)))
                        .foreachRDD((rdd, time) -> calls.incrementAndGet());
                default -> throw new IllegalArgumentException("unknown case " + kind + "; use stateless, window, state or keptstate");
            }
            ssc.start();
            Thread.sleep(warmup * 1000L);

            Map<Long, Long> before = allocatedByThread(threads);
            long cpu0 = os.getProcessCpuTime();
            long calls0 = calls.get();
            long gc0 = gcCount();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long t1 = System.nanoTime();
            long calls1 = calls.get();
            long cpu1 = os.getProcessCpuTime();
            long gc1 = gcCount();
            Map<String, Long> byGroup = new TreeMap<>();
            long total = 0;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                long now = threads.getThreadAllocatedBytes(t.getId());
                if (now < 0 || t == Thread.currentThread()) {
                    continue;   // this thread only measures
                }
                long delta = now - before.getOrDefault(t.getId(), 0L);
                total += delta;
                byGroup.merge(group(t.getName()), delta, Long::sum);
            }
            ssc.stop();
            long batches = Math.max(1, calls1 - calls0);
            double elapsedS = (t1 - t0) / 1e9;
            System.out.printf(Locale.ROOT,
                    "RESULT case=%s ckpt=%d batchMs=%d seconds=%.1f batches=%d batchesPerSec=%.0f bytesPerBatch=%.0f cpuUsPerBatch=%.1f cores=%.3f gcs=%d%n",
                    kind, ckpt ? 1 : 0, batchMs, elapsedS, calls1 - calls0, (calls1 - calls0) / elapsedS, (double) total / batches,
                    (cpu1 - cpu0) / 1e3 / batches, (cpu1 - cpu0) / 1e9 / elapsedS, gc1 - gc0);
            byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                    .filter(e -> e.getValue() > 0)
                    .forEach(e -> System.out.printf(Locale.ROOT, "THREAD %s bytesPerBatch=%.1f%n", e.getKey(), (double) e.getValue() / batches));
            synchronized (held) {
                for (Socket s : held) {
                    s.close();
                }
            }
        } finally {
            if (dir != null) {
                deleteTree(dir);
            }
        }
    }

    /** The thread's name without its numbers, so a pool's threads count as one group. */
    private static String group(String name) {
        return name.replaceAll("[0-9]+", "N");
    }

    private static Map<Long, Long> allocatedByThread(com.sun.management.ThreadMXBean threads) {
        Map<Long, Long> out = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            long b = threads.getThreadAllocatedBytes(t.getId());
            if (b >= 0) {
                out.put(t.getId(), b);
            }
        }
        return out;
    }

    private static long gcCount() {
        long n = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a temporary directory
                }
            });
        }
    }
}
