package dev.sluice.engine;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Batch times in messages people read: a wall-clock batch time as the local time of day
 * ({@code 10:04:21}, with milliseconds only when not on a whole second), a time near zero (a
 * manual clock) as milliseconds, as Spark prints it ({@code 2000 ms}).
 */
public final class BatchTimes {
    private static final long YEAR_MS = 365L * 24 * 3600 * 1000;
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private BatchTimes() {
    }

    /** The batch time {@code millis} for a message. */
    public static String describe(long millis) {
        if (millis < YEAR_MS) return millis + " ms";
        return (millis % 1000 == 0 ? SECONDS : MILLIS).format(Instant.ofEpochMilli(millis));
    }
}
