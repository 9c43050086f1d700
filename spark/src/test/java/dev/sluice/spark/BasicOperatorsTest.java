package dev.sluice.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.streaming.BatchInfo;
import dev.sluice.streaming.ManualClock;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.Time;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BasicOperatorsTest {

    static final List<List<String>> WORDS = List.of(
            List.of("to be or", "not to be"),
            List.of(),
            List.of("that is", "the question", "to be"));

    @Test
    void wordCountGivesTheSameBatchesOnSparkAsOnTheEmbeddedEngine() throws Exception {
        Differential.Outcome o = Differential.run(WORDS, 4, false, lines -> lines
                .flatMap(l -> Arrays.asList(l.split(" ")))
                .mapToPair(w -> Pair.of(w, 1))
                .reduceByKey(Integer::sum));
        assertEquals(List.of("(be,2)", "(not,1)", "(or,1)", "(to,2)"), o.spark().get(0));
        assertEquals(o.embedded(), o.spark());
    }

    @Test
    void aBatchIntervalBetweenMillisecondsIsRefusedWhenTheContextIsBuilt() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> StreamingContext.builder().master("local[2]").batchInterval(Duration.ofNanos(500_000)).build());
        assertEquals("Spark's batch intervals are whole milliseconds; this context's is 0.5 ms. Use a whole number of"
                + " milliseconds on Spark, or the embedded engine for shorter batches", e.getMessage());
    }

    @Test
    void batchStatisticsOnAManualClockAreInTheClocksTime() throws Exception {
        ManualClock clock = new ManualClock(0);
        StreamingContext ssc = StreamingContext.builder().master("local[2]").batchInterval(Duration.ofSeconds(1))
                .parallelism(2).clock(clock).build();
        try {
            ssc.queueStream(new ConcurrentLinkedQueue<>(WORDS), true).count().print();
            ssc.start();
            for (int i = 1; i <= 2; i++) {
                clock.advance(Duration.ofSeconds(1));
                assertTrue(ssc.awaitBatch(new Time(i * 1000L), Duration.ofSeconds(60)));
            }
            BatchInfo last = ssc.recentBatches().get(ssc.recentBatches().size() - 1);
            assertEquals(2000, last.batchTime().milliseconds());
            assertEquals(0, last.numRecords(), "the second batch is the empty list");
            // Spark stamps with the wall clock (about 1.8e12 ms); on the manual clock the batch waited no hour
            assertTrue(last.schedulingDelay().orElseThrow().compareTo(Duration.ofHours(1)) < 0, last.toString());
            assertTrue(last.totalDelay().orElseThrow().compareTo(Duration.ofHours(1)) < 0, last.toString());
        } finally {
            ssc.stop();
        }
    }

    @Test
    void countOfABatchHandedToTransformIsCountedOnSparkWithTheSameResult() throws Exception {
        Differential.Outcome o = Differential.run(WORDS, 4, false, lines -> lines
                .flatMap(l -> Arrays.asList(l.split(" ")))
                .mapToPair(w -> Pair.of(w, 1))
                .reduceByKey(Integer::sum)
                .transform(rdd -> rdd.context().parallelize(List.of(rdd.count()), 1)));
        assertEquals(List.of(List.of("4"), List.of("0"), List.of("6"), List.of("0")), o.spark());
        assertEquals(o.embedded(), o.spark());
    }
}
