package dev.sluice.streaming;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The time of a batch, in milliseconds on the context's clock.
 *
 * <p>Batch times are multiples of the batch interval; the first batch of a context whose clock
 * starts at 0 with a 1 s interval is {@code 1000 ms}.
 *
 * @param milliseconds the time in milliseconds
 */
public record Time(long milliseconds) implements Comparable<Time>, Serializable {

    /** Returns the time {@code ms} milliseconds after the clock's origin. */
    public static Time ofMillis(long ms) {
        return new Time(ms);
    }

    /** Returns this time plus {@code d}. */
    public Time plus(Duration d) {
        return new Time(milliseconds + d.toMillis());
    }

    /** Returns this time minus {@code d}. */
    public Time minus(Duration d) {
        return new Time(milliseconds - d.toMillis());
    }

    /** Returns true if this time is strictly before {@code other}. */
    public boolean isBefore(Time other) {
        return milliseconds < other.milliseconds;
    }

    /** Returns true if this time is strictly after {@code other}. */
    public boolean isAfter(Time other) {
        return milliseconds > other.milliseconds;
    }

    @Override
    public int compareTo(Time o) {
        return Long.compare(milliseconds, o.milliseconds);
    }

    /** Times below this are read as seconds from a clock's zero (a {@link ManualClock} starts at 0), not as dates. */
    private static final long NEAR_ZERO_MS = 365L * 24 * 3600 * 1000;

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    /**
     * Returns this time as a person reads it: the local wall-clock time, as in {@code 04:21:38.000};
     * a time within a year of zero (a {@link ManualClock}'s) as seconds from zero, as in
     * {@code t=3.000s}. Programs use {@link #milliseconds()}.
     */
    public String toLocalString() {
        if (milliseconds < NEAR_ZERO_MS && milliseconds > -NEAR_ZERO_MS) {
            return String.format(java.util.Locale.ROOT, "t=%.3fs", milliseconds / 1000.0);
        }
        return CLOCK.format(Instant.ofEpochMilli(milliseconds).atZone(ZoneId.systemDefault()));
    }

    /** Returns {@code "<ms> ms"}, as Spark prints batch times (its {@code print()} header keeps this). */
    @Override
    public String toString() {
        return milliseconds + " ms";
    }
}
