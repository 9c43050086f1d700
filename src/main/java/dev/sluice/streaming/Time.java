package dev.sluice.streaming;

import java.io.Serializable;
import java.time.Duration;

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

    /**
     * Returns this time as a person reads it, as the shell, the notebook and error messages show
     * batch times: the local wall-clock time, as in {@code 04:21:38} ({@code 04:21:38.250} when not
     * on a whole second); a time within a year of zero (a {@link ManualClock}'s) as seconds from
     * zero, as in {@code t=3s}. Programs use {@link #milliseconds()}.
     */
    public String toLocalString() {
        return dev.sluice.engine.BatchTimes.describe(milliseconds);
    }

    /** Returns {@code "<ms> ms"}, as Spark prints batch times (its {@code print()} header keeps this). */
    @Override
    public String toString() {
        return milliseconds + " ms";
    }
}
