package dev.sluice.repl;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations as people type them on a command line: {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h}. */
public final class Durations {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private Durations() {
    }

    /**
     * The duration written as a number with a unit ({@code ms}, {@code s}, {@code m}, {@code h}) or in
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
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        try {
            return Duration.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("cannot read duration '" + text + "'; write it like 500ms, 2s, 1m or 1h");
        }
    }

    /** A duration the way {@link #parse} reads it, in the largest unit that keeps it whole. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0 && ms > 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
