package dev.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.repl.ScriptReader;
import dev.sluice.session.Session;
import dev.sluice.session.SessionOptions;
import dev.sluice.testing.CapturingConsole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link StreamingContext#kafkaStream} against a real single-node Kafka broker on the loopback
 * interface: batch contents, commits, restarts, the rate limit, new partitions and a broker that
 * goes down and comes back. Batches are driven by a {@link ManualClock}.
 */
class KafkaStreamTest {

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

    private static List<String> values(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }

    private static List<String> valuesOf(List<KafkaRecord> records) {
        return records.stream().map(KafkaRecord::value).toList();
    }

    private static List<KafkaRecord> ofPartition(List<KafkaRecord> records, int partition) {
        return records.stream().filter(r -> r.partition() == partition).toList();
    }

    @Test
    void batchesHoldExactlyTheProducedRecordsInOffsetOrderPerPartition() throws Exception {
        broker.createTopic("orders", 3);
        for (int p = 0; p < 3; p++) {
            broker.produce("orders", p, values("p" + p + "-", 10));
        }
        try (StreamTestKit kit = new StreamTestKit()) {
            DStream<KafkaRecord> stream = kit.ssc.kafkaStream(broker.source("orders", "g-orders").build()).name("orders");
            StreamTestKit.Collector<KafkaRecord> out = kit.collect(stream);
            List<Integer> partitionsPerBatch = new ArrayList<>();
            stream.foreachRDD((rdd, time) -> partitionsPerBatch.add(rdd.getNumPartitions()));

            kit.run(1);
            List<KafkaRecord> first = out.batches().get(0);
            assertEquals(30, first.size());
            for (int p = 0; p < 3; p++) {
                List<KafkaRecord> part = ofPartition(first, p);
                assertEquals(values("p" + p + "-", 10), valuesOf(part));
                assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), part.stream().map(KafkaRecord::offset).toList());
                assertTrue(part.stream().allMatch(r -> r.topic().equals("orders") && r.key().equals("k-" + r.value())));
            }
            assertEquals(3, partitionsPerBatch.get(0));

            broker.produce("orders", 1, values("more-", 5));
            kit.run(2);
            assertEquals(values("more-", 5), valuesOf(out.batches().get(1)));
            assertEquals(List.of(10L, 11L, 12L, 13L, 14L), out.batches().get(1).stream().map(KafkaRecord::offset).toList());
            assertEquals(List.of(), out.batches().get(2));

            List<Long> counted = kit.ssc.recentBatches().stream().map(BatchInfo::numRecords).toList();
            assertEquals(List.of(30L, 5L, 0L), counted);
            assertEquals(Map.of("orders", 30L), kit.ssc.recentBatches().get(0).inputRecords());
        }
    }

    @Test
    void completedBatchesAreCommittedToTheGroup() throws Exception {
        broker.createTopic("commits", 2);
        broker.produce("commits", 0, values("a", 4));
        broker.produce("commits", 1, values("b", 2));
        StreamTestKit kit = new StreamTestKit();
        StreamTestKit.Collector<KafkaRecord> out = kit.collect(kit.ssc.kafkaStream(broker.source("commits", "g-commits").build()));
        kit.run(1);
        assertEquals(6, out.batches().get(0).size());
        kit.run(1);
        // batch 1 completed before batch 2 was defined, so batch 2's boundary sent its offsets (without waiting for the answer)
        assertEquals(Map.of(0, 4L, 1, 2L), broker.awaitCommitted("g-commits", "commits", Map.of(0, 4L, 1, 2L)));

        broker.produce("commits", 0, values("c", 3));
        kit.run(1);
        assertEquals(3, out.batches().get(2).size());
        kit.ssc.stop(true);
        // a graceful stop commits the batches that completed
        assertEquals(Map.of(0, 7L, 1, 2L), broker.committed("g-commits", "commits"));
    }

    @Test
    void aNewContextWithTheSameGroupContinuesWhereTheLastOneStopped() throws Exception {
        broker.createTopic("restart", 2);
        broker.produce("restart", 0, values("x", 5));
        broker.produce("restart", 1, values("y", 3));
        try (StreamTestKit kit = new StreamTestKit()) {
            StreamTestKit.Collector<KafkaRecord> out = kit.collect(kit.ssc.kafkaStream(broker.source("restart", "g-restart").build()));
            kit.run(1);
            assertEquals(8, out.batches().get(0).size());
            broker.produce("restart", 0, values("x-late", 2));
            kit.run(1);
            assertEquals(values("x-late", 2), valuesOf(out.batches().get(1)));
            kit.ssc.stop(true);
        }

        broker.produce("restart", 0, values("after", 2));
        broker.produce("restart", 1, values("after1-", 1));
        try (StreamTestKit kit = new StreamTestKit()) {
            // the group's committed offsets win over EARLIEST: nothing is read twice
            StreamTestKit.Collector<KafkaRecord> out = kit.collect(kit.ssc.kafkaStream(broker.source("restart", "g-restart").build()));
            kit.run(2);
            List<KafkaRecord> batch = out.batches().get(0);
            assertEquals(values("after", 2), valuesOf(ofPartition(batch, 0)));
            assertEquals(List.of(7L, 8L), ofPartition(batch, 0).stream().map(KafkaRecord::offset).toList());
            assertEquals(values("after1-", 1), valuesOf(ofPartition(batch, 1)));
            assertEquals(List.of(), out.batches().get(1));
        }

        try (StreamTestKit kit = new StreamTestKit()) {
            // a new group starting at LATEST sees only what is written after it started
            StreamTestKit.Collector<KafkaRecord> out = kit.collect(kit.ssc.kafkaStream(broker.source("restart", "g-restart-latest")
                    .startingOffsets(KafkaSourceConfig.StartingOffsets.LATEST).build()));
            kit.ssc.start();
            broker.produce("restart", 1, values("fresh", 2));
            kit.run(1);
            assertEquals(values("fresh", 2), valuesOf(out.batches().get(0)));
        }
    }

    @Test
    void theRateLimitSplitsABacklogOverSeveralBatches() throws Exception {
        broker.createTopic("backlog", 1);
        broker.produce("backlog", 0, values("r", 25));
        try (StreamTestKit kit = new StreamTestKit()) {
            StreamTestKit.Collector<KafkaRecord> out = kit.collect(kit.ssc.kafkaStream(
                    broker.source("backlog", "g-backlog").maxRatePerPartition(10).build()));
            kit.run(4);
            List<Integer> sizes = out.batches().stream().map(List::size).toList();
            assertEquals(List.of(10, 10, 5, 0), sizes);
            List<String> all = out.batches().stream().flatMap(List::stream).map(KafkaRecord::value).toList();
            assertEquals(values("r", 25), all);
        }
    }

    @Test
    void partitionsAddedWhileRunningArePickedUpFromTheirBeginning() throws Exception {
        broker.createTopic("growing", 1);
        broker.produce("growing", 0, values("old", 2));
        try (StreamTestKit kit = new StreamTestKit()) {
            StreamTestKit.Collector<KafkaRecord> out = kit.collect(kit.ssc.kafkaStream(broker.source("growing", "g-growing")
                    .partitionDiscoveryInterval(Duration.ZERO).build()));
            kit.run(1);
            assertEquals(2, out.batches().get(0).size());
            broker.addPartitions("growing", 2);
            broker.produce("growing", 1, values("new", 3));
            kit.run(1);
            assertEquals(values("new", 3), valuesOf(ofPartition(out.batches().get(1), 1)));
            assertEquals(3, out.batches().get(1).size());
        }
    }

    @Test
    void partitionsAreLookedUpOncePerDiscoveryIntervalOfBatchTime() throws Exception {
        broker.createTopic("discovered", 1);
        broker.produce("discovered", 0, values("old", 2));
        try (StreamTestKit kit = new StreamTestKit()) {
            StreamTestKit.Collector<KafkaRecord> out = kit.collect(kit.ssc.kafkaStream(broker.source("discovered", "g-discovered")
                    .partitionDiscoveryInterval(Duration.ofSeconds(3)).build()));
            kit.run(1); // batch 1 s looks the partitions up
            assertEquals(values("old", 2), valuesOf(out.batches().get(0)));
            broker.addPartitions("discovered", 2);
            broker.produce("discovered", 1, values("new", 3));
            broker.produce("discovered", 0, values("more", 1));
            kit.run(2); // batches 2 s and 3 s: known partitions only
            assertEquals(values("more", 1), valuesOf(out.batches().get(1)));
            assertEquals(List.of(), out.batches().get(2));
            kit.run(1); // batch 4 s: 3 s after the last look-up, the new partition is read from its beginning
            assertEquals(values("new", 3), valuesOf(out.batches().get(3)));
            assertEquals(List.of(0L, 1L, 2L), out.batches().get(3).stream().map(KafkaRecord::offset).toList());
        }
    }

    /** The client ids of the Kafka consumers open in this JVM whose id contains {@code part}. */
    private static Set<String> openConsumers(String part) throws Exception {
        Set<String> ids = new java.util.TreeSet<>();
        for (javax.management.ObjectName name : java.lang.management.ManagementFactory.getPlatformMBeanServer()
                .queryNames(new javax.management.ObjectName("kafka.consumer:type=app-info,id=*"), null)) {
            String id = name.getKeyProperty("id");
            if (id.contains(part)) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** Records fetched so far by the reading consumers in this JVM whose client id contains {@code part}. */
    private static double recordsFetched(String part) throws Exception {
        double total = 0;
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        for (javax.management.ObjectName name : server.queryNames(
                new javax.management.ObjectName("kafka.consumer:type=consumer-fetch-manager-metrics,client-id=*"), null)) {
            if (name.getKeyProperty("topic") == null && name.getKeyProperty("partition") == null
                    && name.getKeyProperty("client-id").contains(part)) {
                total += (Double) server.getAttribute(name, "records-consumed-total");
            }
        }
        return total;
    }

    @Test
    void aBatchThatTwoBranchesReadIsFetchedFromTheBrokerOnce() throws Exception {
        broker.createTopic("branches", 2);
        double before = recordsFetched("-reader-");
        try (StreamTestKit kit = new StreamTestKit()) {
            DStream<KafkaRecord> stream = kit.ssc.kafkaStream(broker.source("branches", "g-branches").build());
            PairDStream<String, String> byKey = stream.mapToPair(r -> Pair.of(r.key(), r.value()));
            // the stream joined with its own 3 s window: each batch's partitions are computed by both sides
            StreamTestKit.Collector<Pair<String, Pair<String, Long>>> joined = kit.collect(
                    byKey.join(byKey.mapValues(v -> 1L).reduceByKeyAndWindow(Long::sum, Duration.ofSeconds(3), Duration.ofSeconds(1))));
            StreamTestKit.Collector<Long> counts = kit.collect(stream.count());
            int produced = 0;
            for (int batch = 0; batch < 3; batch++) {
                List<String> p0 = values("b" + batch + "-p0-", 4 + batch);
                List<String> p1 = values("b" + batch + "-p1-", 2);
                broker.produce("branches", 0, p0);
                broker.produce("branches", 1, p1);
                produced += p0.size() + p1.size();
                kit.run(1);
                assertEquals(List.of((long) (p0.size() + p1.size())), counts.batches().get(batch), "batch " + batch);
                assertEquals(p0.size() + p1.size(), joined.batches().get(batch).size(), "batch " + batch);
                assertTrue(joined.batches().get(batch).stream().allMatch(j -> j.value().value() == 1L), "each key once in the window");
            }
            assertEquals(produced, recordsFetched("-reader-") - before, 0.0,
                    "the reading consumers fetched each record once, though three outputs' jobs computed every batch");
        }
    }

    @Test
    void theConsumersThatReadRangesAreReusedAcrossBatchesAndClosedAtTheStop() throws Exception {
        broker.createTopic("reused", 2);
        Set<String> before = openConsumers("-reader-");
        StreamTestKit kit = new StreamTestKit();
        StreamTestKit.Collector<KafkaRecord> out = kit.collect(kit.ssc.kafkaStream(broker.source("reused", "g-reused").build()));
        Set<String> readers = null;
        for (int batch = 0; batch < 5; batch++) {
            List<String> p0 = values("b" + batch + "-p0-", 3 + batch);
            List<String> p1 = values("b" + batch + "-p1-", 1 + batch);
            broker.produce("reused", 0, p0);
            broker.produce("reused", 1, p1);
            kit.run(1);
            List<KafkaRecord> got = out.batches().get(batch);
            assertEquals(p0, valuesOf(ofPartition(got, 0)), "batch " + batch);
            assertEquals(p1, valuesOf(ofPartition(got, 1)), "batch " + batch);
            Set<String> open = openConsumers("-reader-");
            open.removeAll(before);
            if (readers == null) {
                readers = open;
                assertEquals(2, readers.size(), "one reading consumer per partition stays open after the first batch: " + readers);
            } else {
                assertEquals(readers, open, "batch " + batch + " read with the consumers of the first batch");
            }
        }
        kit.ssc.stop(true);
        Set<String> left = openConsumers("-reader-");
        left.retainAll(readers);
        assertEquals(Set.of(), left, "the reading consumers are closed at the stop");
        assertEquals(Map.of(0, 25L, 1, 15L), broker.committed("g-reused", "reused"));
    }

    @Test
    void aBrokerThatIsDownIsReportedAndTheStreamResumesWhenItIsBack() throws Exception {
        broker.createTopic("outage", 1);
        broker.produce("outage", 0, values("before", 3));
        BlockingQueue<String> errors = new LinkedBlockingQueue<>();
        try (StreamTestKit kit = new StreamTestKit()) {
            kit.ssc.addListener(new StreamingListener() {
                @Override
                public void onError(String message, Throwable error) {
                    errors.add(message);
                }
            });
            StreamTestKit.Collector<KafkaRecord> out = kit.collect(kit.ssc.kafkaStream(broker.source("outage", "g-outage")
                    .requestTimeout(Duration.ofSeconds(2)).build()));
            kit.run(1);
            assertEquals(values("before", 3), valuesOf(out.batches().get(0)));

            broker.stop();
            try {
                kit.run(1);
                String error = errors.poll(30, TimeUnit.SECONDS);
                assertTrue(error != null, "no error was reported while the broker was down");
                assertTrue(error.startsWith("Kafka source kafkaStream(outage)"), error);
                assertTrue(error.contains(broker.bootstrap()), error);
                assertTrue(error.contains("retr"), error);
                assertEquals(List.of(), out.batches().get(1));
                assertEquals(StreamingContextState.ACTIVE, kit.ssc.state());
            } finally {
                broker.start();
            }

            broker.produce("outage", 0, values("after", 2));
            kit.run(1);
            List<KafkaRecord> resumed = out.batches().get(2);
            assertEquals(values("after", 2), valuesOf(resumed));
            assertEquals(List.of(3L, 4L), resumed.stream().map(KafkaRecord::offset).toList());
            kit.ssc.stop(true);
            assertEquals(Map.of(0, 5L), broker.committed("g-outage", "outage"));
        }
    }

    /** The first Java block of README.md's "Kafka" section. */
    private static String readmeKafkaBlock() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
        int section = lines.indexOf("## Kafka");
        assertTrue(section >= 0, "README.md has a Kafka section");
        int start = lines.subList(section, lines.size()).indexOf("```java") + section + 1;
        int end = lines.subList(start, lines.size()).indexOf("```") + start;
        return String.join("\n", lines.subList(start, end));
    }

    @Test
    void theReadmeExampleRunsAsWritten() throws Exception {
        broker.createTopic("clicks", 1);
        broker.produce("clicks", 0, List.of("home", "cart", "home"));
        String block = readmeKafkaBlock();
        assertTrue(block.contains("\"127.0.0.1:9092\""), block);
        CapturingConsole console = new CapturingConsole();
        try (Session session = Session.open(SessionOptions.builder().manualClock(true).parallelism(2)
                .batchInterval(Duration.ofSeconds(1)).console(() -> console).build())) {
            ScriptReader reader = new ScriptReader(session);
            for (String line : block.replace("127.0.0.1:9092", broker.bootstrap()).lines().toList()) {
                reader.feed(line).forEach(session::eval);
            }
            reader.finish().ifPresent(session::eval);
            session.context().start();
            ManualClock clock = session.manualClock().orElseThrow();
            clock.setTime(1000);
            assertTrue(session.context().awaitBatch(new Time(1000), StreamTestKit.WAIT), "batch 1000");
            String out = console.outText();
            assertTrue(out.contains("Time: 1000 ms"), out);
            Set<String> printed = Set.copyOf(out.substring(out.indexOf("Time: 1000 ms")).lines()
                    .filter(l -> l.startsWith("(")).toList());
            assertEquals(Set.of("(home,2)", "(cart,1)"), printed);
        }
        assertEquals(Map.of(0, 3L), broker.committed("dashboard", "clicks"));
    }
}
