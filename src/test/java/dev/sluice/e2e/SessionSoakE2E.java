package dev.sluice.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.session.CompileException;
import dev.sluice.session.EvalRuntimeException;
import dev.sluice.session.Session;
import dev.sluice.session.SessionOptions;
import dev.sluice.streaming.Console;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An all-day shell session stays flat: 1,000 mixed snippets through the session API (what the
 * shell runs for each line) on a running context. The mix is the one the kernel's
 * {@code test_kernel_flat.py} sends: expressions, a record declared again and used, streams created,
 * printed and stopped with {@code OutputHandle.stop()}, {@code latest()} queries, and every 50
 * snippets a compile error and an exception.
 *
 * <p>Asserts that the heap in use after a full collection grows by at most 30 MB from after the
 * first window of measured snippets to after the last (900 snippets), and that the last 300 snippets take at most 1.5x the
 * time of the first 300, measured as the sum over the snippet kinds of each kind's median time. (The
 * median of all snippets of a window falls between kinds that take 5 ms and kinds that take 50 ms,
 * so it jumped between 18 and 46 ms from one window to the next with no trend; the kinds' medians
 * do not jump so. Even so, five runs on a quiet machine read 0.88x to 1.36x (the three that printed
 * each kind's medians showed none growing), which a bound of 1.3x fails on; the slowdowns this
 * guards against, results kept for every cell, made JShell 3.6x slower over 1,500 cells.) The first window starts after warm-up
 * snippets (JShell, the JIT, the context), and each window holds the same cycle of snippet kinds.
 * The heap's baseline is taken one window later, since some of what JShell builds once and keeps
 * (its source analysis, for one) is built by whichever snippet first needs it: the kinds of the
 * warm-up did not always reach it, and its 10 MB then fell inside the measured growth.
 * Runs in the
 * {@code integration-test} phase of {@code mvn verify}, in its own JVM.
 */
class SessionSoakE2E {

    private static final int SNIPPETS = Integer.getInteger("sluice.soak.snippets", 1000);
    private static final int WINDOW = 100;
    private static final double MAX_GROWTH_MB = 30;
    private static final double MAX_RATIO = 1.5;

    /** Snippet {@code i} (0-based); the last two of every 50 fail (compile error, exception). */
    static String snippet(int i) {
        if (i % 50 == 48) {
            return "int broken = \"not a number\";";
        }
        if (i % 50 == 49) {
            return "throw new IllegalStateException(\"boom " + i + "\");";
        }
        return switch (i % 10) {
            case 0 -> i + " * 2 + 1";
            case 1 -> "record Reading(String sensor, double value) {}";
            case 2 -> "var r = new Reading(\"s" + i + "\", " + i + ".5); r";
            case 3 -> "var s = ssc.rateStream(200).map(x -> x % 7).countByValue(); var h = s.print(3);";
            case 4 -> "s.latest().take(3)";
            case 5 -> "var w = s.map(p -> p.key()).filter(x -> x > 2); var hw = w.foreachRDD(rdd -> rdd.count()); hw.status()";
            case 6 -> "h.stop(); hw.stop(); h.status()";
            case 7 -> "String.join(\",\", java.util.List.of(\"a\", \"b\", \"c\" + " + i + "))";
            case 8 -> "ssc.outputs().stream().filter(o -> o.isActive()).count()";
            default -> "java.util.stream.IntStream.range(0, 100).sum()";
        };
    }

    private static double heapAfterGcMb() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    /** The kind of snippet {@code i}: one of the ten of {@link #snippet}, or one of the two failing ones. */
    static int kind(int i) {
        return i % 50 >= 48 ? 10 + i % 50 - 48 : i % 10;
    }

    /** The sum over the snippet kinds of each kind's median time, over snippets {@code [from, to)}. */
    static double typicalCycle(List<Double> millis, int from, int to) {
        java.util.Map<Integer, List<Double>> byKind = new java.util.TreeMap<>();
        for (int i = from; i < to; i++) {
            byKind.computeIfAbsent(kind(i), k -> new ArrayList<>()).add(millis.get(i));
        }
        double sum = 0;
        for (List<Double> times : byKind.values()) {
            sum += median(times);
        }
        return sum;
    }

    private static double typicalCycleOf(List<Double> millis, int from, int to, int kind) {
        List<Double> times = new ArrayList<>();
        for (int i = from; i < to; i++) {
            if (kind(i) == kind) {
                times.add(millis.get(i));
            }
        }
        return times.isEmpty() ? 0 : median(times);
    }

    private static void run(Session session, String source, boolean fails) {
        try {
            session.eval(source);
            assertTrue(!fails, "expected to fail: " + source);
        } catch (CompileException | EvalRuntimeException e) {
            assertTrue(fails, "failed: " + source + ": " + e.getMessage());
        }
    }

    @Test
    void aThousandMixedSnippetsKeepHeapAndTimeFlat() {
        PrintStream silent = new PrintStream(OutputStream.nullOutputStream(), true);
        Console quiet = new Console() {
            @Override
            public PrintStream out() {
                return silent;
            }

            @Override
            public PrintStream err() {
                return silent;
            }
        };
        try (Session session = Session.open(SessionOptions.builder().batchInterval(Duration.ofMillis(500))
                .parallelism(2).console(() -> quiet).build())) {
            session.eval("ssc.start();");
            for (int i = 0; i < 23; i++) {
                run(session, snippet(i % 10), false);
            }
            List<Double> heap = new ArrayList<>(List.of(heapAfterGcMb()));
            List<Double> millis = new ArrayList<>();
            List<Double> medians = new ArrayList<>();
            for (int i = 0; i < SNIPPETS; i++) {
                String source = snippet(i);
                long start = System.nanoTime();
                run(session, source, i % 50 >= 48);
                millis.add((System.nanoTime() - start) / 1e6);
                if ((i + 1) % WINDOW == 0) {
                    medians.add(median(millis.subList(millis.size() - WINDOW, millis.size())));
                    heap.add(heapAfterGcMb());
                    System.out.printf("snippets %4d: heap after GC %6.1f MB, median %6.1f ms%n", i + 1,
                            heap.get(heap.size() - 1), medians.get(medians.size() - 1));
                }
            }
            double growth = heap.get(heap.size() - 1) - heap.get(1);
            // three windows at each end, each kind's median, summed over the kinds
            int span = Math.min(3 * WINDOW, SNIPPETS / 2);
            double first = typicalCycle(millis, 0, span);
            double last = typicalCycle(millis, millis.size() - span, millis.size());
            double ratio = last / first;
            System.out.printf("session soak: heap after GC %.1f, after the first window %.1f -> %.1f MB (+%.1f), sum of the kinds' medians first %d %.1f ms,"
                    + " last %d %.1f ms (%.2fx); median per window %s%n",
                    heap.get(0), heap.get(1), heap.get(heap.size() - 1), growth, span, first, span, last, ratio,
                    Arrays.toString(medians.stream().mapToLong(Math::round).toArray()));
            java.util.Map<Integer, String> perKind = new java.util.TreeMap<>();
            for (int k = 0; k < 12; k++) {
                int kind = k;
                perKind.put(k, String.format("%.1f -> %.1f", typicalCycleOf(millis, 0, span, kind),
                        typicalCycleOf(millis, millis.size() - span, millis.size(), kind)));
            }
            System.out.println("session soak: median ms per snippet kind, first -> last: " + perKind);
            assertEquals(SNIPPETS / WINDOW, medians.size());
            assertTrue(growth <= MAX_GROWTH_MB, "heap after GC grew " + growth + " MB over the last " + (SNIPPETS - WINDOW)
                    + " snippets: " + heap);
            assertTrue(ratio <= MAX_RATIO, "the last " + span + " snippets took " + ratio + "x the first " + span
                    + "'s (sum of the kinds' medians: " + first + " -> " + last + " ms); medians per " + WINDOW + ": " + medians);
        }
    }
}
