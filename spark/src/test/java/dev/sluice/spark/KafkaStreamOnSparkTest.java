package dev.sluice.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.streaming.DStream;
import dev.sluice.streaming.KafkaRecord;
import dev.sluice.streaming.KafkaSourceConfig;
import dev.sluice.streaming.ManualClock;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kafkaStream} on Spark ({@code local[2]}) against a real single-node Kafka broker on the
 * loopback interface, batches driven by a {@link ManualClock}: offset ranges planned on the driver,
 * read by the executors' tasks (one Spark partition per Kafka partition), committed to the group
 * after each completed batch.
 */
class KafkaStreamOnSparkTest {

    static final Duration BATCH = Duration.ofSeconds(1);
    private static KafkaTestBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaTestBroker.launch();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    static List<String> values(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }

    static KafkaSourceConfig.Builder source(String topic, String group) {
        return KafkaSourceConfig.builder().bootstrapServers(broker.bootstrap()).topics(topic).groupId(group)
                .startingOffsets(KafkaSourceConfig.StartingOffsets.EARLIEST).requestTimeout(Duration.ofSeconds(5));
    }

    /** A context on local[2] reading {@code config}; each batch's records (ordered by partition and offset) and partition count. */
    record Run(StreamingContext ssc, ManualClock clock, List<List<KafkaRecord>> batches, List<Integer> partitions) implements AutoCloseable {
        static Run of(KafkaSourceConfig config) {
            ManualClock clock = new ManualClock(0);
            StreamingContext ssc = StreamingContext.builder().master("local[2]").batchInterval(BATCH).parallelism(2).clock(clock).build();
            DStream<KafkaRecord> stream = ssc.kafkaStream(config);
            List<List<KafkaRecord>> batches = Collections.synchronizedList(new ArrayList<>());
            List<Integer> partitions = Collections.synchronizedList(new ArrayList<>());
            stream.foreachRDD(rdd -> {
                partitions.add(rdd.getNumPartitions());
                List<KafkaRecord> b = new ArrayList<>(rdd.collect());
                b.sort(Comparator.comparing(KafkaRecord::partition).thenComparing(KafkaRecord::offset));
                batches.add(b);
            });
            ssc.start();
            return new Run(ssc, clock, batches, partitions);
        }

        List<KafkaRecord> batch(int i) throws InterruptedException {
            clock.advance(BATCH);
            assertTrue(ssc.awaitBatch(new Time(i * BATCH.toMillis()), Duration.ofSeconds(60)), "batch " + i + " did not complete in 60 s");
            return batches.get(i - 1);
        }

        @Override
        public void close() {
            ssc.stop();
        }
    }

    static List<String> valuesOf(List<KafkaRecord> records, int partition) {
        return records.stream().filter(r -> r.partition() == partition).map(KafkaRecord::value).toList();
    }

    @Test
    void recordsProducedBeforeAndDuringTheRunArriveExactlyOnceAndEachCompletedBatchIsCommitted() throws Exception {
        broker.createTopic("clicks", 3);
        for (int p = 0; p < 3; p++) {
            broker.produce("clicks", p, values("before-p" + p + "-", 10));
        }
        KafkaSourceConfig config = source("clicks", "g-clicks").build();
        try (Run run = Run.of(config)) {
            List<KafkaRecord> first = run.batch(1);
            assertEquals(30, first.size());
            for (int p = 0; p < 3; p++) {
                assertEquals(values("before-p" + p + "-", 10), valuesOf(first, p));
                int partition = p;
                assertEquals(LongList.range(0, 10), first.stream().filter(r -> r.partition() == partition).map(KafkaRecord::offset).toList());
            }
            assertTrue(first.stream().allMatch(r -> r.topic().equals("clicks") && r.key().equals("k-" + r.value())));
            assertEquals(3, run.partitions().get(0), "one Spark partition per Kafka partition");
            assertEquals(Map.of(0, 10L, 1, 10L, 2, 10L), broker.committed("g-clicks", "clicks"), "batch 1 committed when it completed");

            for (int p = 0; p < 3; p++) {
                broker.produce("clicks", p, values("during-p" + p + "-", 5));
            }
            List<KafkaRecord> second = run.batch(2);
            assertEquals(15, second.size());
            for (int p = 0; p < 3; p++) {
                assertEquals(values("during-p" + p + "-", 5), valuesOf(second, p));
            }
            assertEquals(Map.of(0, 15L, 1, 15L, 2, 15L), broker.committed("g-clicks", "clicks"));
            assertEquals(List.of(), run.batch(3));
        }
        // A new context of the same group continues after the last committed batch: nothing is read twice.
        for (int p = 0; p < 3; p++) {
            broker.produce("clicks", p, values("later-p" + p + "-", 2));
        }
        try (Run run = Run.of(config)) {
            List<KafkaRecord> next = run.batch(1);
            for (int p = 0; p < 3; p++) {
                assertEquals(values("later-p" + p + "-", 2), valuesOf(next, p));
            }
            assertEquals(6, next.size());
            assertEquals(Map.of(0, 17L, 1, 17L, 2, 17L), broker.committed("g-clicks", "clicks"));
        }
    }

    @Test
    void maxRatePerPartitionCapsEachBatchAndTheRestFollows() throws Exception {
        broker.createTopic("bursts", 1);
        broker.produce("bursts", 0, values("v", 10));
        try (Run run = Run.of(source("bursts", "g-bursts").maxRatePerPartition(4).build())) {
            assertEquals(values("v", 4), valuesOf(run.batch(1), 0));
            assertEquals(List.of("v4", "v5", "v6", "v7"), valuesOf(run.batch(2), 0));
            assertEquals(List.of("v8", "v9"), valuesOf(run.batch(3), 0));
            assertEquals(Map.of(0, 10L), broker.committed("g-bursts", "bursts"));
        }
    }

    @Test
    void anOutputAttachedWhileRunningRestartsSparkWithoutLosingOrRepeatingRecords() throws Exception {
        broker.createTopic("live", 2);
        broker.produce("live", 0, values("a", 3));
        broker.produce("live", 1, values("b", 3));
        LiveGraphTest.WaitingConsole console = new LiveGraphTest.WaitingConsole();
        ManualClock clock = new ManualClock(0);
        try (StreamingContext ssc = StreamingContext.builder().master("local[2]").batchInterval(BATCH).parallelism(2).clock(clock)
                .console(() -> console).build()) {
            DStream<KafkaRecord> stream = ssc.kafkaStream(source("live", "g-live").build());
            List<List<String>> all = LiveGraphTest.record(stream.map(KafkaRecord::value));
            ssc.start();
            clock.advance(BATCH);
            assertTrue(ssc.awaitBatch(new Time(1000), Duration.ofSeconds(60)));

            List<List<String>> attached = LiveGraphTest.record(stream.map(r -> r.value().toUpperCase()));
            broker.produce("live", 0, values("c", 2));             // while Spark's streaming context restarts
            console.await("Attached by restarting Spark's streaming context", Duration.ofSeconds(120));
            broker.produce("live", 1, values("d", 2));
            clock.advance(BATCH);
            assertTrue(ssc.awaitBatch(new Time(2000), Duration.ofSeconds(60)));
            clock.advance(BATCH);
            assertTrue(ssc.awaitBatch(new Time(3000), Duration.ofSeconds(60)));

            assertEquals(List.of(List.of("a0", "a1", "a2", "b0", "b1", "b2"), List.of("c0", "c1", "d0", "d1"), List.of()), all);
            assertEquals(List.of(List.of("C0", "C1", "D0", "D1"), List.of()), attached);
            assertEquals(Map.of(0, 5L, 1, 5L), broker.committed("g-live", "live"));
        }
    }

    /** Offsets as a list of longs. */
    static final class LongList {
        static List<Long> range(long from, long until) {
            List<Long> l = new ArrayList<>();
            for (long i = from; i < until; i++) {
                l.add(i);
            }
            return l;
        }
    }
}
