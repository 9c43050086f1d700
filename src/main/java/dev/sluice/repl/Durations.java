package dev.sluice.repl;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations as people type them on a command line: {@code 500ms}, {@code 2s}, {@code 1m} (or
 * {@code 1min}, as the engine's messages write it), {@code 1h}; below a millisecond {@code 500us} or
 * {@code 0.5ms}.
 */
public final class Durations {

    // "min" too: the engine's messages write whole minutes that way (e.g. "window 5min")
    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(us|ms|s|min|m|h)");
    private static final Pattern FRACTION_MS = Pattern.compile("(\\d+)\\.(\\d{1,3})\\s*ms");

    private Durations() {
    }

    /**
     * The duration written as a number with a unit ({@code us}, {@code ms}, {@code s}, {@code m} or
     * {@code min}, {@code h}), as milliseconds with up to three decimals ({@code 0.5ms}), or in
     * ISO-8601 ({@code PT0.5S}).
     *
     * @throws IllegalArgumentException with a message showing the accepted forms
     */
    public static Duration parse(String text) {
        String s = text.strip().toLowerCase(java.util.Locale.ROOT);
        Matcher m = SIMPLE.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "us" -> Duration.ofNanos(Math.multiplyExact(n, 1000L));
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m", "min" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        Matcher f = FRACTION_MS.matcher(s);
        if (f.matches()) {
            String micros = (f.group(2) + "00").substring(0, 3);
            return Duration.ofMillis(Long.parseLong(f.group(1))).plusNanos(Long.parseLong(micros) * 1000L);
        }
        try {
            return Duration.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("cannot read duration '" + text + "'; write it like 500us, 500ms, 2s, 1m or 1h");
        }
    }
}
