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

    /** Returns {@code "<ms> ms"}, as Spark prints batch times. */
    @Override
    public String toString() {
        return milliseconds + " ms";
    }
}
