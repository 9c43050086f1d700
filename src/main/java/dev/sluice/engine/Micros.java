package dev.sluice.engine;

import java.time.Duration;

/**
 * The engine's unit of time. Batch times, intervals, windows and every other time the engine keeps
 * are microseconds on the context's clock, so that a batch interval need not be a whole number of
 * milliseconds; what the user passes in arrives as a {@link Duration} or milliseconds and is
 * converted here.
 */
public final class Micros {
    /** Microseconds in a millisecond. */
    public static final long PER_MILLI = 1000L;

    private Micros() {
    }

    /** Returns {@code d} in microseconds, rounded down (nanoseconds are below the engine's resolution). */
    public static long of(Duration d) {
        long seconds = d.getSeconds();
        return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), d.getNano() / 1000);
    }

    /** Returns {@code ms} milliseconds in microseconds. */
    public static long ofMillis(long ms) {
        return Math.multiplyExact(ms, PER_MILLI);
    }

    /** Returns {@code us} microseconds as a {@link Duration}. */
    public static Duration toDuration(long us) {
        return Duration.ofNanos(Math.multiplyExact(us, 1000L));
    }

    /** Returns {@code us} in whole milliseconds, rounded down. */
    public static long toMillis(long us) {
        return Math.floorDiv(us, PER_MILLI);
    }

    /** Returns {@code us} in whole milliseconds, rounded up. */
    public static long toMillisCeil(long us) {
        return -Math.floorDiv(-us, PER_MILLI);
    }

    /** Returns {@code us} in milliseconds as text: {@code 1000}, or {@code 1000.5} between milliseconds. */
    public static String formatMillis(long us) {
        if (us % PER_MILLI == 0) {
            return Long.toString(us / PER_MILLI);
        }
        long abs = Math.abs(us);
        String fraction = String.format(java.util.Locale.ROOT, "%03d", abs % PER_MILLI).replaceAll("0+$", "");
        return (us < 0 ? "-" : "") + abs / PER_MILLI + "." + fraction;
    }

    /** Returns {@code d} in milliseconds as text, as {@link #formatMillis(long)} writes it. */
    public static String formatMillis(Duration d) {
        return formatMillis(of(d));
    }
}
