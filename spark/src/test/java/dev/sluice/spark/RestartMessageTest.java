package dev.sluice.spark;

import org.junit.jupiter.api.Test;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The line a restart writes names batch times as the rest of Sluice does (time of day, or t= on a manual clock). */
class RestartMessageTest {
    @Test
    void batchTimesReadAsTimesOfDayOrSecondsFromAManualClocksZero() {
        long t = ZonedDateTime.now(ZoneId.systemDefault()).with(LocalTime.of(10, 4, 21)).toInstant().toEpochMilli();
        String wall = SparkExecution.restartMessage(t, t + 4000, 1000, 850, 0);
        assertTrue(wall.contains("the last batch before the restart was 10:04:21, the first after it is 10:04:25;"
                + " 3 batch times were skipped (10:04:22 to 10:04:24); the restart took 850 ms"), wall);
        String manual = SparkExecution.restartMessage(2000, 4000, 1000, 90, 0);
        assertTrue(manual.contains("was t=2s, the first after it is t=4s; 1 batch time was skipped (t=3s)"), manual);
    }
}
