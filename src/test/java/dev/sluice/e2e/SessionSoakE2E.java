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
 * <p>Asserts that the heap in use after a full collection grows by at most 30 MB from before the
 * first measured snippet to after the last, and that the median time of the last 300 snippets is
 * within 1.3x of the first 300's (one window of 100 alone moves by a third between runs). The
 * first window starts after warm-up snippets (JShell, the JIT, the context), and each window holds
 * the same cycle of snippet kinds. Runs in the
 * {@code integration-test} phase of {@code mvn verify}, in its own JVM.
 */
class SessionSoakE2E {

    private static final int SNIPPETS = Integer.getInteger("sluice.soak.snippets", 1000);
    private static final int WINDOW = 100;
    private static final double MAX_GROWTH_MB = 30;
    private static final double MAX_RATIO = 1.3;

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
            double growth = heap.get(heap.size() - 1) - heap.get(0);
            // three windows at each end: one window's median moves by a third on a quiet machine
            int span = Math.min(3 * WINDOW, SNIPPETS / 2);
            double first = median(millis.subList(0, span));
            double last = median(millis.subList(millis.size() - span, millis.size()));
            double ratio = last / first;
            System.out.printf("session soak: heap after GC %.1f -> %.1f MB (+%.1f), median first %d %.1f ms, last %d %.1f ms (%.2fx); per window %s%n",
                    heap.get(0), heap.get(heap.size() - 1), growth, span, first, span, last, ratio,
                    Arrays.toString(medians.stream().mapToLong(Math::round).toArray()));
            assertEquals(SNIPPETS / WINDOW, medians.size());
            assertTrue(growth <= MAX_GROWTH_MB, "heap after GC grew " + growth + " MB over " + SNIPPETS + " snippets: " + heap);
            assertTrue(ratio <= MAX_RATIO, "median of the last " + span + " snippets is " + ratio + "x the first " + span
                    + "'s; medians per " + WINDOW + ": " + medians);
        }
    }
}
