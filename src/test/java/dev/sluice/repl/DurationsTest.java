package dev.sluice.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void readsNumbersWithUnitsAndIso() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofSeconds(2), Durations.parse("2s"));
        assertEquals(Duration.ofMinutes(1), Durations.parse("1m"));
        assertEquals(Duration.ofHours(3), Durations.parse("3h"));
        assertEquals(Duration.ofMillis(1500), Durations.parse("PT1.5S"));
    }

    @Test
    void readsIntervalsBelowAMillisecond() {
        assertEquals(Duration.ofNanos(500_000), Durations.parse("500us"));
        assertEquals(Duration.ofNanos(500_000), Durations.parse("0.5ms"));
        assertEquals(Duration.ofNanos(1_250_000), Durations.parse("1.25ms"));
        assertEquals(Duration.ofNanos(1_001_000), Durations.parse("1.001ms"));
    }

    @Test
    void rejectsOtherFormsWithTheAcceptedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("fast"));
        assertTrue(e.getMessage().contains("500ms"), e.getMessage());
    }

    @Test
    void readsMinutesAsTheEngineWritesThem() {
        assertEquals(Duration.ofMinutes(5), Durations.parse("5min"));
        assertEquals(Duration.ofMinutes(5), Durations.parse("5 MIN"));
    }
}
