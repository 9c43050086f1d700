package dev.sluice.streaming;

import java.time.Duration;

/** Formats durations the way error messages and descriptions show them: {@code 2s}, {@code 1500ms}, {@code 5min}. */
final class Durations {

    private Durations() {
    }

    static String format(Duration d) {
        return format(d.toMillis());
    }

    static String format(long ms) {
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "min";
        }
        if (ms != 0 && ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    /** Checks that {@code d} is a positive multiple of {@code unitMs}, with a message naming the nearest valid values. */
    static void requireMultiple(String what, Duration d, long unitMs, String unitName) {
        long ms = d.toMillis();
        if (ms <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + format(ms));
        }
        if (ms % unitMs != 0) {
            long lower = Math.max(unitMs, ms / unitMs * unitMs);
            long upper = (ms / unitMs + 1) * unitMs;
            throw new IllegalArgumentException(what + " " + format(ms) + " is not a multiple of the " + unitName + " "
                    + format(unitMs) + "; use " + format(lower) + (lower == upper ? "" : " or " + format(upper)));
        }
    }
}
