package dev.sluice.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.streaming.DStream;
import dev.sluice.streaming.ManualClock;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * Runs one pipeline over the same input batches on the embedded engine and on the Spark runner
 * ({@code local[2]}), both driven by a manual clock, and returns what each batch held on each.
 */
final class Differential {

    static final Duration BATCH = Duration.ofSeconds(1);

    private Differential() {
    }

    /** What each engine's batches held, every batch's elements as strings, sorted unless {@code ordered}. */
    record Outcome(List<List<String>> embedded, List<List<String>> spark) {
    }

    static Outcome run(List<List<String>> input, int batches, boolean ordered, Function<DStream<String>, DStream<?>> pipeline)
            throws InterruptedException {
        return new Outcome(run("embedded", input, batches, ordered, pipeline), run("local[2]", input, batches, ordered, pipeline));
    }

    static List<List<String>> run(String master, List<List<String>> input, int batches, boolean ordered,
                                  Function<DStream<String>, DStream<?>> pipeline) throws InterruptedException {
        ManualClock clock = new ManualClock(0);
        StreamingContext ssc = StreamingContext.builder().master(master).batchInterval(BATCH).parallelism(2).clock(clock).build();
        try {
            Queue<List<String>> queue = new ConcurrentLinkedQueue<>(input);
            DStream<?> out = pipeline.apply(ssc.queueStream(queue, true));
            List<List<String>> got = Collections.synchronizedList(new ArrayList<>());
            out.foreachRDD(rdd -> {
                List<String> batch = new ArrayList<>();
                for (Object o : rdd.collect()) {
                    batch.add(String.valueOf(o));
                }
                if (!ordered) {
                    Collections.sort(batch);
                }
                got.add(batch);
            });
            ssc.start();
            for (int i = 1; i <= batches; i++) {
                clock.advance(BATCH);
                assertTrue(ssc.awaitBatch(new Time(i * BATCH.toMillis()), Duration.ofSeconds(60)),
                        master + ": batch " + i + " did not complete within 60 s");
            }
            return new ArrayList<>(got);
        } finally {
            ssc.stop();
        }
    }
}
