package dev.sluice.streaming;

import dev.sluice.engine.Micros;
import java.time.Duration;

/**
 * Formats durations the way error messages and descriptions show them: {@code 2s}, {@code 1500ms},
 * {@code 5min}, {@code 0.5ms}; and checks the intervals the engine takes.
 */
final class Durations {

    /** The shortest batch or block interval: 100 microseconds. */
    static final long MIN_INTERVAL_MICROS = 100;

    private Durations() {
    }

    static String format(Duration d) {
        return formatMicros(Micros.of(d));
    }

    /** Formats {@code us} microseconds. */
    static String formatMicros(long us) {
        if (us % 1000 != 0) {
            return Micros.formatMillis(us) + "ms";
        }
        long ms = us / 1000;
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "min";
        }
        if (ms != 0 && ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    /**
     * Checks that {@code interval} (a batch or block interval) is at least 100 microseconds and a whole
     * number of microseconds, naming {@code what} in the message.
     */
    static void requireInterval(String what, Duration interval, String hint) {
        if (Micros.of(interval) < MIN_INTERVAL_MICROS) {
            throw new IllegalArgumentException(what + " must be at least 0.1 ms, got " + format(interval) + hint);
        }
        if (interval.getNano() % 1000 != 0) {
            throw new IllegalArgumentException(what + " must be a whole number of microseconds, got " + interval.toNanos() + " ns" + hint);
        }
    }

    /** Checks that {@code d} is a positive multiple of {@code unitMicros}, with a message naming the nearest valid values. */
    static void requireMultiple(String what, Duration d, long unitMicros, String unitName) {
        long us = Micros.of(d);
        if (us <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + format(d));
        }
        if (us % unitMicros != 0 || d.getNano() % 1000 != 0) {
            long lower = Math.max(unitMicros, us / unitMicros * unitMicros);
            long upper = (us / unitMicros + 1) * unitMicros;
            throw new IllegalArgumentException(what + " " + format(d) + " is not a multiple of the " + unitName + " "
                    + formatMicros(unitMicros) + "; use " + formatMicros(lower) + (lower == upper ? "" : " or " + formatMicros(upper)));
        }
    }
}
