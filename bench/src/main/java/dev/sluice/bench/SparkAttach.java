package dev.sluice.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.spark.rdd.RDD;
import org.apache.spark.streaming.Duration;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaPairDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;

/**
 * W6 on Spark. Spark Streaming refuses new outputs once a context has started, so each new query
 * costs what a user must do to get it: stop the running context gracefully (keeping the
 * SparkContext), build a new StreamingContext with the base pipeline plus every query so far over a
 * new queue, and start it. The time to a query's first output runs from the stop request to the end
 * of that query's first output job; the windows of the new context start empty (the batches the old
 * one held are gone).
 */
public final class SparkAttach implements AttachBench {
    private static final long INTERVAL = 1000;

    @Override
    public void run(int perBatch, int queries, PrintStream out) throws Exception {
        Data data = Workload.Pools.lines();
        AtomicLong nextBatch = new AtomicLong();
        List<Long> baseline = new ArrayList<>();
        List<Long> withAll = new ArrayList<>();
        List<Long> gaps = new ArrayList<>();
        AtomicLong lastBaseOutput = new AtomicLong();
        try (SparkEngine engine = new SparkEngine(false)) {
            Ctx ctx = new Ctx(engine, data, perBatch, nextBatch, 0, baseline, lastBaseOutput);
            ctx.start();
            ctx.awaitBatches(8);
            for (int q = 1; q <= queries; q++) {
                long t0 = System.currentTimeMillis();
                long lastBefore = lastBaseOutput.get();
                ctx.stop();
                List<Long> sink = q == queries ? withAll : new ArrayList<>();
                ctx = new Ctx(engine, data, perBatch, nextBatch, q, sink, lastBaseOutput);
                ctx.start();
                boolean ok = ctx.firstQueryOutput.await(60, TimeUnit.SECONDS);
                long first = ctx.firstQueryOutputAt.get() - t0;
                ctx.awaitBatches(2);
                gaps.add(ctx.firstBaseOutputAt.get() - lastBefore);
                out.printf(Locale.ROOT, "QUERY %d firstOutputMs=%d ok=%b%n", q, first, ok);
                out.flush();
            }
            ctx.awaitBatches(8);
            ctx.stop();
        }
        out.printf(Locale.ROOT, "RESULT baseProcMs=%.1f allQueriesProcMs=%.1f medianGapMs=%.0f%n",
                mean(baseline.subList(Math.min(3, baseline.size()), baseline.size())),
                mean(withAll.subList(Math.min(5, withAll.size()), withAll.size())),
                Stats.median(gaps.stream().mapToDouble(Long::doubleValue).toArray()));
    }

    static double mean(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).average().orElse(Double.NaN);
    }

    /** One StreamingContext: base word count plus the first {@code queries} windowed queries. */
    private static final class Ctx {
        final JavaStreamingContext ssc;
        final scala.collection.mutable.Queue<RDD<String>> queue = new scala.collection.mutable.Queue<>(16);
        final CountDownLatch firstQueryOutput = new CountDownLatch(1);
        final AtomicLong firstQueryOutputAt = new AtomicLong();
        final AtomicLong firstBaseOutputAt = new AtomicLong();
        final List<Long> processing;
        final Thread feeder;
        volatile int completed;
        volatile boolean running = true;

        Ctx(SparkEngine engine, Data data, int perBatch, AtomicLong nextBatch, int queries, List<Long> processing,
            AtomicLong lastBaseOutput) {
            this.processing = processing;
            Duration batch = Durations.milliseconds(INTERVAL);
            ssc = new JavaStreamingContext(engine.sparkContext(), batch);
            JavaDStream<String> lines = SparkEngine.input(ssc, queue);
            JavaPairDStream<String, Long> pairs = SparkEngine.pairs(lines);
            pairs.reduceByKey(Long::sum).foreachRDD(rdd -> {
                rdd.count();
                long now = System.currentTimeMillis();
                firstBaseOutputAt.compareAndSet(0, now);
                lastBaseOutput.set(now);
            });
            for (int q = 1; q <= queries; q++) {
                boolean newest = q == queries;
                pairs.reduceByKeyAndWindow(Long::sum, batch.times(2 + (q - 1) % 9), batch).foreachRDD(rdd -> {
                    rdd.count();
                    if (newest && firstQueryOutputAt.compareAndSet(0, System.currentTimeMillis())) {
                        firstQueryOutput.countDown();
                    }
                });
            }
            ssc.addStreamingListener(new StreamingListener() {
                @Override
                public void onBatchCompleted(StreamingListenerBatchCompleted e) {
                    synchronized (processing) {
                        processing.add((Long) e.batchInfo().processingDelay().get());
                    }
                    completed++;
                }
            });
            feeder = new Thread(() -> {
                while (running) {
                    synchronized (queue) {
                        while (queue.size() < 3) {
                            queue.addOne(engine.batchRdd(data.batch(nextBatch.getAndIncrement(), perBatch)));
                        }
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "feeder");
            feeder.setDaemon(true);
        }

        void start() {
            feeder.start();
            ssc.start();
        }

        void awaitBatches(int n) throws InterruptedException {
            int target = completed + n;
            long deadline = System.currentTimeMillis() + n * INTERVAL * 5 + 30_000;
            while (completed < target && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
        }

        void stop() throws InterruptedException {
            running = false;
            feeder.interrupt();
            feeder.join();
            ssc.stop(false, true);
        }
    }
}
