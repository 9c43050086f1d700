package dev.sluice.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.streaming.BatchInfo;
import dev.sluice.streaming.ManualClock;
import dev.sluice.streaming.OutputOperationInfo;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.Time;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TextDisplayTest {

    private final StreamingContext ssc = StreamingContext.builder().batchInterval(Duration.ofSeconds(1))
            .clock(new ManualClock()).parallelism(2).build();

    @AfterEach
    void stop() {
        ssc.stop();
    }

    @Test
    void aDatasetOfPairsIsAKeyValueTable() {
        String text = TextDisplay.render(ssc.parallelizePairs(List.of(Pair.of("apple", 3L), Pair.of("kiwi", 12L))));
        assertEquals(String.join("\n",
                "key   | value",
                "------+------",
                "apple | 3",
                "kiwi  | 12",
                "(2 rows)"), text);
    }

    @Test
    void aLargeDatasetShowsItsFirstRows() {
        String text = TextDisplay.render(ssc.parallelize(IntStream.range(0, 100).boxed().toList()));
        List<String> lines = text.lines().toList();
        assertEquals("value", lines.get(0));
        assertEquals("0", lines.get(2));
        assertEquals(2 + TextDisplay.MAX_ROWS + 1, lines.size());
        assertEquals("(first 20 rows shown)", lines.get(lines.size() - 1));
        assertEquals("(no rows)", TextDisplay.render(ssc.emptyRDD()));
        assertEquals("value\n-----\nnull\n(1 row)", TextDisplay.rows(java.util.Arrays.asList((Object) null), 5));
    }

    @Test
    void aStreamIsItsOneLineDescription() {
        var stream = ssc.rateStream(5).map(x -> x * 2).name("doubled");
        String text = TextDisplay.render(stream);
        assertEquals(stream.toString(), text);
        assertTrue(!text.contains("\n") && text.contains("doubled"), text);
    }

    @Test
    void batchesAreSummarisedAndTabulated() {
        BatchInfo ok = new BatchInfo(new Time(2000), Map.of("ticks", 20L), 2000, Optional.of(2005L), Optional.of(2012L),
                List.of(new OutputOperationInfo(new Time(2000), 1, "print", "print", Optional.empty(), Duration.ofMillis(7))));
        assertEquals("batch t=2s: 20 records, processing 7 ms, scheduling delay 5 ms, outputs 1 ok", TextDisplay.render(ok));
        BatchInfo failed = new BatchInfo(new Time(3000), Map.of(), 3000, Optional.of(3001L), Optional.of(3002L),
                List.of(new OutputOperationInfo(new Time(3000), 2, "foreachRDD", "foreachRDD", Optional.of("Output 2 (foreachRDD) failed at batch t=3s: boom\nat x"),
                        Duration.ofMillis(1))));
        assertEquals(String.join("\n",
                "batch time | records | scheduling delay | processing | total delay | outputs",
                "-----------+---------+------------------+------------+-------------+---------------",
                "t=2s       | 20      | 5 ms             | 7 ms       | 12 ms       | 1 ok",
                "t=3s       | 0       | 1 ms             | 1 ms       | 2 ms        | 0 ok, 1 failed",
                "Output 2 (foreachRDD) failed at batch t=3s: boom"), TextDisplay.render(List.of(ok, failed)));
        assertEquals("sluice | batch t=2s | 20 rec/s | processing 7 ms | scheduling delay 5 ms | 1 active output",
                BatchText.status(Optional.of(ok), Duration.ofSeconds(1), 1, "active"));
    }

    @Test
    void aBatchBelowAMillisecondShowsItsTimeAndDelaysWithTheirFractions() {
        // a 0.5 ms batch at 1.5 ms, started 0.12 ms after its time, done 0.21 ms later
        BatchInfo b = BatchInfo.ofMicros(Time.ofMicros(1_500), Map.of("ticks", 10L), 1_500, 1_620, 1_830, List.of());
        assertEquals("sluice | batch t=0.0015s | 20000 rec/s | processing 0.21 ms | scheduling delay 0.12 ms | 1 active output",
                BatchText.status(Optional.of(b), Duration.ofNanos(500_000), 1, "active"));
        BatchInfo slower = BatchInfo.ofMicros(Time.ofMicros(3_500), Map.of(), 3_500, 3_500, 6_750, List.of());
        assertEquals("batch t=0.0035s: 0 records, processing 3.3 ms, scheduling delay 0 ms, outputs 0 ok", TextDisplay.render(slower));
        assertEquals(Duration.ofNanos(3_250_000), slower.processingDelay().orElseThrow(), "delays are exact to the microsecond");
        assertEquals(6, slower.processingEndTime().orElseThrow(), "the times read in milliseconds, rounded down");
        // batches of whole milliseconds keep whole milliseconds, as they always read
        BatchInfo whole = BatchInfo.ofMicros(Time.ofMicros(3_000), Map.of(), 3_000, 3_450, 6_700, List.of());
        assertEquals("batch t=0.003s: 0 records, processing 3 ms, scheduling delay 0 ms, outputs 0 ok", TextDisplay.render(whole));
    }
}
