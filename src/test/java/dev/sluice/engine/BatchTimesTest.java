package dev.sluice.engine;

import dev.sluice.streaming.Time;
import org.junit.jupiter.api.Test;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchTimesTest {
    private static final long T = ZonedDateTime.now(ZoneId.systemDefault()).with(LocalTime.of(10, 4, 21)).toInstant().toEpochMilli();

    @Test
    void wallClockBatchTimesReadAsTimesOfDayManualOnesAsSecondsFromZero() {
        assertEquals("10:04:21", BatchTimes.describe(T));
        assertEquals("10:04:21.250", BatchTimes.describe(T + 250));
        assertEquals("t=0s", BatchTimes.describe(0));
        assertEquals("t=2s", BatchTimes.describe(2000));
        assertEquals("t=2.250s", BatchTimes.describe(2250));
        assertEquals("t=0.001s", BatchTimes.describe(1));
        assertEquals("t=-3s", BatchTimes.describe(-3000));
    }

    @Test
    void timeReadsTheSameWayAndKeepsSparksFormatForPrograms() {
        for (long ms : new long[] {T, T + 250, 2000, 2250}) {
            assertEquals(BatchTimes.describe(ms), new Time(ms).toLocalString());
        }
        assertEquals("2000 ms", new Time(2000).toString(), "Spark's Time prints as milliseconds, as its print() header does");
        assertEquals("-------------------------------------------\nTime: 1796560842000 ms\n-------------------------------------------\n"
                + "(a,1)\n...\n\n", PrintedBatch.text(1796560842000_000L, java.util.List.of("(a,1)", "(b,2)"), 1),
                "the print() header keeps Spark's exact format, also on the wall clock");
    }

    @Test
    void aTimeBetweenMillisecondsKeepsItsMicroseconds() {
        Time half = Time.ofMicros(1_500);
        assertEquals(1, half.milliseconds(), "milliseconds round down");
        assertEquals(1_500, half.microseconds());
        assertEquals("1.5 ms", half.toString());
        assertEquals("-1.5 ms", Time.ofMicros(-1_500).toString());
        assertEquals("-0.25 ms", Time.ofMicros(-250).toString());
        assertEquals("1000 ms", Time.ofMicros(1_000_000).toString());
        assertEquals("t=0.0015s", half.toLocalString());
        assertEquals(new Time(2), half.plus(java.time.Duration.ofNanos(500_000)));
        assertEquals(Time.ofMicros(2_000), new Time(2), "a time in milliseconds equals the same in microseconds");
        assertEquals(new Time(2).hashCode(), Time.ofMicros(2_000).hashCode());
        assertTrue(half.isBefore(new Time(2)));
        assertTrue(BatchTimes.describeMicros(T * 1000 + 250_500).matches("\\d{2}:\\d{2}:\\d{2}\\.250500"),
                BatchTimes.describeMicros(T * 1000 + 250_500));
        assertEquals("-------------------------------------------\nTime: 1000.5 ms\n-------------------------------------------\n\n",
                PrintedBatch.text(1_000_500, java.util.List.of(), 1), "a batch between milliseconds shows its fraction");
    }
}
