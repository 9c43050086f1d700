package dev.sluice.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The practical limit of the machine for W1: a hand-written word count with no framework.
 *
 * <p>Each round takes one batch of W1 lines, splits it into {@code threads} contiguous parts, counts
 * the words of each part into that thread's own {@code HashMap<String, long[]>} (the same
 * {@code line.split(" ")} as the engines), and merges the maps into one result, as a per-batch word
 * count must. Throughput is lines counted per second of wall time over a fixed time after a warm-up.
 */
public final class Baseline {
    private Baseline() {
    }

    /** Lines per second of wall time and per second of this JVM's CPU time. */
    public record Rate(double perSecond, double perCpuSecond) {
    }

    public static Rate linesPerSecond(int threads, int perBatch, long warmupMs, long measureMs) throws Exception {
        Data data = Workload.Pools.lines();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long batch = 0;
            long end = System.nanoTime() + warmupMs * 1_000_000;
            while (System.nanoTime() < end) {
                consume(round(pool, threads, data.batch(batch++, perBatch)));
            }
            long lines = 0;
            long cpu0 = Cpu.processNanos();
            long start = System.nanoTime();
            end = start + measureMs * 1_000_000;
            long now;
            do {
                consume(round(pool, threads, data.batch(batch++, perBatch)));
                lines += perBatch;
                now = System.nanoTime();
            } while (now < end);
            long cpu = Cpu.processNanos() - cpu0;
            return new Rate(lines * 1e9 / (now - start), cpu > 0 ? lines * 1e9 / cpu : Double.NaN);
        } finally {
            pool.shutdownNow();
        }
    }

    private static long sink;

    private static void consume(Map<String, long[]> counts) {
        sink += counts.size();
    }

    static Map<String, long[]> round(ExecutorService pool, int threads, List<String> lines) throws Exception {
        int n = lines.size();
        List<Future<Map<String, long[]>>> parts = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            int from = (int) ((long) n * t / threads);
            int to = (int) ((long) n * (t + 1) / threads);
            parts.add(pool.submit(() -> count(lines, from, to)));
        }
        Map<String, long[]> result = parts.get(0).get();
        for (int t = 1; t < threads; t++) {
            for (Map.Entry<String, long[]> e : parts.get(t).get().entrySet()) {
                long[] into = result.putIfAbsent(e.getKey(), e.getValue());
                if (into != null) {
                    into[0] += e.getValue()[0];
                }
            }
        }
        return result;
    }

    static Map<String, long[]> count(List<String> lines, int from, int to) {
        Map<String, long[]> counts = new HashMap<>(1 << 15);
        for (int i = from; i < to; i++) {
            for (String word : lines.get(i).split(" ")) {
                long[] c = counts.get(word);
                if (c == null) {
                    counts.put(word, new long[] {1});
                } else {
                    c[0]++;
                }
            }
        }
        return counts;
    }
}
