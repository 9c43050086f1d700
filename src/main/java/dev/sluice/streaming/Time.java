package dev.sluice.streaming;

import dev.sluice.engine.Micros;
import java.io.Serializable;
import java.time.Duration;

/**
 * The time of a batch on the context's clock, in milliseconds, to the microsecond.
 *
 * <p>Batch times are multiples of the batch interval; the first batch of a context whose clock
 * starts at 0 with a 1 s interval is {@code 1000 ms}. A context whose batch interval is not a whole
 * number of milliseconds (see {@link StreamingContext.Builder#batchInterval}) has batch times
 * between milliseconds: {@link #microseconds()} tells them apart, {@link #milliseconds()} rounds
 * down.
 */
public final class Time implements Comparable<Time>, Serializable {

    private static final long serialVersionUID = 2L;

    private final long micros;

    /** Creates the time {@code milliseconds} milliseconds after the clock's origin. */
    public Time(long milliseconds) {
        this(milliseconds, 1000L);
    }

    private Time(long count, long unitMicros) {
        this.micros = Math.multiplyExact(count, unitMicros);
    }

    /** Returns the time {@code ms} milliseconds after the clock's origin. */
    public static Time ofMillis(long ms) {
        return new Time(ms);
    }

    /** Returns the time {@code us} microseconds after the clock's origin. */
    public static Time ofMicros(long us) {
        return new Time(us, 1L);
    }

    /** Returns this time in milliseconds, rounded down to a whole millisecond. */
    public long milliseconds() {
        return Math.floorDiv(micros, 1000L);
    }

    /** Returns this time in microseconds. */
    public long microseconds() {
        return micros;
    }

    /** Returns this time plus {@code d} (to the microsecond). */
    public Time plus(Duration d) {
        return new Time(micros + Micros.of(d), 1L);
    }

    /** Returns this time minus {@code d} (to the microsecond). */
    public Time minus(Duration d) {
        return new Time(micros - Micros.of(d), 1L);
    }

    /** Returns true if this time is strictly before {@code other}. */
    public boolean isBefore(Time other) {
        return micros < other.micros;
    }

    /** Returns true if this time is strictly after {@code other}. */
    public boolean isAfter(Time other) {
        return micros > other.micros;
    }

    @Override
    public int compareTo(Time o) {
        return Long.compare(micros, o.micros);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Time t && t.micros == micros;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(micros);
    }

    /**
     * Returns this time as a person reads it, as the shell, the notebook and error messages show
     * batch times: the local wall-clock time, as in {@code 04:21:38} ({@code 04:21:38.250} when not
     * on a whole second, {@code 04:21:38.250500} when not on a whole millisecond); a time within a
     * year of zero (a {@link ManualClock}'s) as seconds from zero, as in {@code t=3s}. Programs use
     * {@link #milliseconds()} or {@link #microseconds()}.
     */
    public String toLocalString() {
        return dev.sluice.engine.BatchTimes.describeMicros(micros);
    }

    /**
     * Returns {@code "<ms> ms"}, as Spark prints batch times (its {@code print()} header keeps this);
     * a time between milliseconds shows its fraction, as in {@code "1000.5 ms"}.
     */
    @Override
    public String toString() {
        return Micros.formatMillis(micros) + " ms";
    }
}
