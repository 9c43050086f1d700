package dev.sluice.engine;

import org.junit.jupiter.api.Test;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BatchTimesTest {
    @Test
    void wallClockBatchTimesReadAsTimesOfDayManualOnesAsMilliseconds() {
        long t = ZonedDateTime.now(ZoneId.systemDefault()).with(LocalTime.of(10, 4, 21)).toInstant().toEpochMilli();
        assertEquals("10:04:21", BatchTimes.describe(t));
        assertEquals("10:04:21.250", BatchTimes.describe(t + 250));
        assertEquals("2000 ms", BatchTimes.describe(2000));
    }
}
