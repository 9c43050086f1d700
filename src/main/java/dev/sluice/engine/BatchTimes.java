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
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");

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

    /**
     * The batch time {@code micros} (microseconds) as a person reads it: as {@link #describe} when on
     * a whole millisecond, else with microseconds ({@code 10:04:21.250500}, {@code t=3.2505s}).
     */
    public static String describeMicros(long micros) {
        if (micros % 1000 == 0) {
            return describe(micros / 1000);
        }
        long millis = Math.floorDiv(micros, 1000L);
        if (millis < NEAR_ZERO_MS && millis > -NEAR_ZERO_MS) {
            return "t=" + String.format(Locale.ROOT, "%.6f", micros / 1e6).replaceAll("0+$", "") + "s";
        }
        Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
        return MICROS.format(at.atZone(ZoneId.systemDefault()));
    }
}
