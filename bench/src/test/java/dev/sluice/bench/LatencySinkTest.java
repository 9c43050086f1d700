package dev.sluice.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LatencySinkTest {

    @Test
    void onlyRecordsStampedInsideTheWindowAreMeasured() {
        LatencySink sink = new LatencySink(5);
        sink.window(1_000, 2_000, 10, 20);
        // before the window, at its start, inside, at its end (excluded), after
        sink.output(List.of(999L, 1_000L, 1_500L, 2_000L, 2_500L), 3_000);
        assertEquals(5, sink.outputs());
        assertEquals(2, sink.measuredOutputs());
        LatencyRecorder l = sink.latencies();
        assertEquals(2, l.count());
        assertEquals(2_000, l.max());
        assertEquals(1_500, l.min());
    }

    @Test
    void invalidResultsAreCountedAndMakeTheRunUnstable() {
        LatencySink sink = new LatencySink(5);
        sink.window(0, 100, 0, 100);
        sink.batch(80, 0, 1_000_000);
        sink.output(List.of(10L), 20);
        assertTrue(sink.stable(0));
        sink.output(List.of(LatencySink.INVALID), 20);
        assertEquals(1, sink.invalid());
        assertEquals(1, sink.measuredOutputs());
        assertFalse(sink.stable(0));
    }

    @Test
    void batchesOutsideTheWindowAreIgnoredAndTheTallyIsKept() {
        LatencySink sink = new LatencySink(10);
        sink.window(0, 1, 1_000, 1_300);
        sink.batch(990, 0, 50_000_000);
        sink.batch(1_300, 0, 50_000_000);
        assertEquals(0, sink.batches());
        assertFalse(sink.stable(0), "no batch inside the window");
        sink.batch(1_050, 0, 1_000_000);
        assertFalse(sink.stable(0), "no batch in the last third of the window: the delay cannot be judged");
        sink = new LatencySink(10);
        sink.window(0, 1, 1_000, 1_300);
        sink.batch(1_000, 1_000_000, 4_000_000);
        sink.batch(1_100, 2_000_000, 12_000_000);
        sink.batch(1_250, 3_000_000, 2_000_000);
        assertEquals(3, sink.batches());
        assertEquals(6.0, sink.meanProcessingMs(), 1e-9);
        assertEquals(12.0, sink.maxProcessingMs(), 1e-9);
        assertEquals(1, sink.overInterval());
        // only the batch at 1250 is in the last third [1200, 1300)
        assertEquals(3.0, sink.lateSchedulingDelayMs(), 1e-9);
        assertEquals(3.0, sink.maxSchedulingDelayMs(), 1e-9);
        assertTrue(sink.stable(0));
        assertFalse(sink.stable(1), "a measured record never came out");
    }

    @Test
    void aDelayThatBuildsUpOrSlowBatchesAreUnstable() {
        LatencySink late = new LatencySink(10);
        late.window(0, 1, 0, 300);
        late.batch(100, 0, 1_000_000);
        late.batch(250, 10_000_000, 1_000_000);
        assertFalse(late.stable(0));

        LatencySink slow = new LatencySink(10);
        slow.window(0, 1, 0, 300);
        slow.batch(100, 0, 10_000_000);
        assertFalse(slow.stable(0), "mean processing time equal to the interval");
    }

    @Test
    void awaitingMeasuredRecordsAlreadyOutReturnsAtOnce() throws InterruptedException {
        LatencySink sink = new LatencySink(1);
        sink.window(0, 100, 0, 100);
        sink.output(List.of(1L, 2L), 3);
        assertTrue(sink.awaitMeasured(2, 0));
        assertFalse(sink.awaitMeasured(3, 0));
    }

    @Test
    void aFormattedLineParsesBack() {
        byte[] buf = new byte[64];
        int n = LatencyFeeder.format(buf, 123_456_789L, 42, 987_654_321_012_345L);
        String line = new String(buf, 0, n, StandardCharsets.US_ASCII);
        assertEquals("123456789 k42 987654321012345\n", line);
        String text = line.substring(0, line.length() - 1);
        assertEquals(123_456_789L, LatencyCase.seq(text));
        assertEquals("k42", LatencyCase.key(text));
        assertEquals(987_654_321_012_345L, LatencyCase.stamp(text));
        n = LatencyFeeder.format(buf, 0, 0, -5);
        assertEquals("0 k0 -5\n", new String(buf, 0, n, StandardCharsets.US_ASCII));
    }

    @Test
    void keysSpreadOverAllOfThem() throws Exception {
        try (LatencyFeeder feeder = new LatencyFeeder(1000, 7)) {
            int[] seen = new int[7];
            for (long seq = 0; seq < 7_000; seq++) {
                seen[feeder.key(seq)]++;
            }
            for (int k = 0; k < 7; k++) {
                assertTrue(seen[k] > 700, "key " + k + " drawn " + seen[k] + " times of 7000");
            }
        }
    }

    @Test
    void goalsAreTheIssues() {
        assertEquals(1, LatencyCase.STATELESS.goalMs(100_000));
        assertEquals(5, LatencyCase.WINDOW.goalMs(100_000));
        assertEquals(5, LatencyCase.STATE.goalMs(100_000));
        assertEquals(5, LatencyCase.STATELESS.goalMs(1_000_000));
        assertEquals(20, LatencyCase.WINDOW.goalMs(1_000_000));
        assertTrue(Double.isNaN(LatencyCase.STATE.goalMs(1_000_000)));
        assertTrue(Double.isNaN(LatencyCase.STATELESS.goalMs(50_000)));
    }

    @Test
    void resultFieldsAndTheBestStableRun() {
        Map<String, String> a = LatencyBench.fields("engine=sluice case=STATELESS intervalMs=1 stable=false p99Ms=0.5 setup=\"a b\"");
        assertEquals("a b", a.get("setup"));
        assertEquals("0.5", a.get("p99Ms"));
        Map<String, String> b = LatencyBench.fields("engine=sluice case=STATELESS intervalMs=5 stable=true p99Ms=9.0");
        Map<String, String> c = LatencyBench.fields("engine=sluice case=STATELESS intervalMs=20 stable=true p99Ms=30.0");
        Map<String, String> d = LatencyBench.fields("engine=spark case=STATELESS intervalMs=100 stable=true p99Ms=1.0");
        List<Map<String, String>> runs = new ArrayList<>(List.of(a, b, c, d));
        assertEquals("5", LatencyBench.best(runs, "sluice", LatencyCase.STATELESS).get("intervalMs"));
        assertNull(LatencyBench.best(runs, "sluice", LatencyCase.WINDOW));
    }

    @Test
    void theReportNamesItsSourceAndAnEngineNotMeasuredThroughIt() {
        Map<String, String> sluice = LatencyBench.fields("engine=sluice case=STATELESS intervalMs=500 stable=true p50Ms=400 p99Ms=900.5 "
                + "p999Ms=990 maxMs=1000 records=180000 missing=0 meanProcMs=180 maxProcMs=250 overInterval=0 batches=20 lateDelayMs=1 "
                + "maxDelayMs=2 feederLagP99Ms=1 feederLagMaxMs=3 gcMs=10 gcCount=2 setup=\"kafkaStream; source: Kafka\"");
        Map<String, String> spark = Map.of("engine", "spark", "case", "STATELESS", "intervalMs", "-",
                "notMeasured", LatencySource.SPARK_NOT_THROUGH_KAFKA);
        String title = "W7 through Kafka (" + LatencySource.describeKafka(2, 0) + ")";
        String report = LatencyBench.report(title, List.of(sluice, spark), List.of(LatencyCase.STATELESS), List.of("sluice", "spark"),
                20_000, 10, 5, 1000, java.time.Instant.EPOCH, "0", "0", "--source kafka");
        String[] lines = report.split("\n");
        assertTrue(lines[0].startsWith("W7 through Kafka (source: Kafka 4.1.1 single-node KRaft broker"), lines[0]);
        assertTrue(lines[0].contains("topic of 2 partitions") && lines[0].contains("acks=1, linger.ms=0"), lines[0]);
        assertTrue(report.contains("| (a) stateless map/filter | sluice | 500 ms | 400.00 | 900.50 |"), report);
        assertTrue(report.contains("| (a) stateless map/filter | spark | " + LatencySource.SPARK_NOT_THROUGH_KAFKA + " |"), report);
        assertTrue(report.contains("| (a) stateless map/filter | spark | - | " + LatencySource.SPARK_NOT_THROUGH_KAFKA + " |"), report);
        assertFalse(report.contains("none of those tried was stable"), report);
    }
}
