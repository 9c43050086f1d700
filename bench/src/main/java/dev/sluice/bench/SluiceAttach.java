package dev.sluice.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.sluice.streaming.BatchInfo;
import dev.sluice.streaming.DStream;
import dev.sluice.streaming.PairDStream;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.StreamingListener;

/**
 * W6 on Sluice: each windowed query is attached to the running context (which keeps 12 s of its
 * source's batches), and the time to its first output runs from the call that attaches it to the
 * end of its first output job.
 */
public final class SluiceAttach implements AttachBench {
    private static final long INTERVAL = 1000;

    @Override
    public void run(int perBatch, int queries, PrintStream out) throws Exception {
        Data data = Workload.Pools.lines();
        Duration batch = Duration.ofMillis(INTERVAL);
        StreamingContext ssc = StreamingContext.builder().batchInterval(batch).parallelism(2)
                .remember(Duration.ofSeconds(12)).build();
        Queue<List<String>> queue = new ConcurrentLinkedQueue<>();
        AtomicLong nextBatch = new AtomicLong();
        for (int i = 0; i < 3; i++) {
            queue.add(data.batch(nextBatch.getAndIncrement(), perBatch));
        }
        DStream<String> lines = ssc.queueStream(queue);
        PairDStream<String, Long> pairs = SluiceEngine.pairs(lines);
        List<Long> baseOutputs = new ArrayList<>();
        pairs.reduceByKey(Long::sum).foreachRDD((rdd, time) -> {
            rdd.count();
            synchronized (baseOutputs) {
                baseOutputs.add(System.currentTimeMillis());
            }
        });
        List<Long> processing = new ArrayList<>();
        ssc.addListener(new StreamingListener() {
            @Override
            public void onBatchCompleted(BatchInfo info) {
                synchronized (processing) {
                    processing.add(info.processingDelay().map(Duration::toMillis).orElse(-1L));
                }
            }
        });
        Thread feeder = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                while (queue.size() < 3) {
                    queue.add(data.batch(nextBatch.getAndIncrement(), perBatch));
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "feeder");
        feeder.setDaemon(true);
        feeder.start();
        ssc.start();
        List<Long> gaps = new ArrayList<>();
        int allFrom;
        try {
            awaitBatches(processing, 8);
            for (int q = 1; q <= queries; q++) {
                CountDownLatch first = new CountDownLatch(1);
                AtomicLong firstAt = new AtomicLong();
                long t0 = System.currentTimeMillis();
                long lastBefore = lastAtOrBefore(baseOutputs, t0);
                pairs.reduceByKeyAndWindow(Long::sum, batch.multipliedBy(2 + (q - 1) % 9), batch)
                        .foreachRDD((rdd, time) -> {
                            rdd.count();
                            if (firstAt.compareAndSet(0, System.currentTimeMillis())) {
                                first.countDown();
                            }
                        });
                boolean ok = first.await(60, TimeUnit.SECONDS);
                awaitBatches(processing, 2);
                out.printf(Locale.ROOT, "QUERY %d firstOutputMs=%d ok=%b%n", q, firstAt.get() - t0, ok);
                out.flush();
                gaps.add(firstAfter(baseOutputs, t0) - lastBefore);
            }
            synchronized (processing) {
                allFrom = processing.size() + 3;
            }
            awaitBatches(processing, 8);
        } finally {
            feeder.interrupt();
            ssc.stop();
        }
        List<Long> base;
        List<Long> all;
        synchronized (processing) {
            base = new ArrayList<>(processing.subList(3, Math.min(8, processing.size())));
            all = new ArrayList<>(processing.subList(Math.min(allFrom, processing.size()), processing.size()));
        }
        out.printf(Locale.ROOT, "RESULT baseProcMs=%.1f allQueriesProcMs=%.1f medianGapMs=%.0f%n",
                mean(base), mean(all),
                Stats.median(gaps.stream().mapToDouble(Long::doubleValue).toArray()));
    }

    private static long lastAtOrBefore(List<Long> times, long t) {
        synchronized (times) {
            long last = t;
            for (long v : times) {
                if (v <= t) {
                    last = v;
                }
            }
            return last;
        }
    }

    private static long firstAfter(List<Long> times, long t) {
        synchronized (times) {
            for (long v : times) {
                if (v > t) {
                    return v;
                }
            }
            return t;
        }
    }

    private static double mean(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).average().orElse(Double.NaN);
    }

    private static void awaitBatches(List<Long> processing, int n) throws InterruptedException {
        int target;
        synchronized (processing) {
            target = processing.size() + n;
        }
        long deadline = System.currentTimeMillis() + n * INTERVAL * 5 + 30_000;
        while (System.currentTimeMillis() < deadline) {
            synchronized (processing) {
                if (processing.size() >= target) {
                    return;
                }
            }
            Thread.sleep(20);
        }
    }
}
