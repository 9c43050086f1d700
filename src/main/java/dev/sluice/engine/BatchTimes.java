package dev.sluice.engine;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The one way batch times read wherever a person reads them: the shell's status line,
 * {@code :batches}, errors and warnings, live tables, charts and their captions, and
 * {@code Time.toLocalString()}. A wall-clock batch time reads as the local time of day
 * ({@code 10:04:21}, with milliseconds only when it is not on a whole second: {@code 10:04:21.250});
 * a time within a year of zero (a manual clock's) as seconds from zero ({@code t=3s},
 * {@code t=3.250s}). Spark's {@code print()} header keeps Spark's own {@code Time: 3000 ms}.
 */
public final class BatchTimes {
    /** Times closer to zero than this are read as seconds from a clock's zero, not as dates. */
    private static final long NEAR_ZERO_MS = 365L * 24 * 3600 * 1000;
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private BatchTimes() {
    }

    /** The batch time {@code millis} (epoch milliseconds, or milliseconds from a manual clock's zero) as a person reads it. */
    public static String describe(long millis) {
        if (millis < NEAR_ZERO_MS && millis > -NEAR_ZERO_MS) {
            return millis % 1000 == 0 ? "t=" + millis / 1000 + "s" : String.format(Locale.ROOT, "t=%.3fs", millis / 1000.0);
        }
        // The zone is read at each call, so a changed default time zone shows at once.
        return (millis % 1000 == 0 ? SECONDS : MILLIS).format(Instant.ofEpochMilli(millis).atZone(ZoneId.systemDefault()));
    }
}
