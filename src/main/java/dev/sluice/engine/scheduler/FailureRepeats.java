package dev.sluice.engine.scheduler;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Decides which output failures reach the output's console. A user function that throws on every
 * batch would otherwise print the same report every batch interval: the first failure of an output
 * is shown in full (with its stack trace), the same failure again (same exception type and message,
 * numbers aside) only counted, and shown as one line with that count at most once every
 * {@link #REPEAT_AFTER_MS} ms. A different failure is shown in full at once. Used on the job thread
 * only.
 */
final class FailureRepeats {

    /** How long the same failure of an output is not shown again. */
    static final long REPEAT_AFTER_MS = 60_000;

    static final String HINT = "  (the same failure of this output is counted and shown again at most once a minute;"
            + " ssc.recentErrors() lists the last ones)";

    private static final Pattern NUMBER = Pattern.compile("\\d+");

    /** What to show: {@code text}, with the stack trace under it when {@code full}. */
    record Shown(String text, boolean full) {
    }

    private static final class Last {
        final String key;
        final long shownAt;
        int notShown;

        Last(String key, long shownAt) {
            this.key = key;
            this.shownAt = shownAt;
        }
    }

    private final Map<Integer, Last> byOutput = new HashMap<>();

    /** Returns what to show for this failure of output {@code id} at {@code now}, or null to show nothing. */
    Shown shown(int id, String message, Throwable cause, long now) {
        String key = cause.getClass().getName() + ": " + NUMBER.matcher(String.valueOf(cause.getMessage())).replaceAll("#");
        Last last = byOutput.get(id);
        if (last != null && last.key.equals(key)) {
            if (now - last.shownAt < REPEAT_AFTER_MS) {
                last.notShown++;
                return null;
            }
            byOutput.put(id, new Last(key, now));
            if (last.notShown == 0) {
                return new Shown(message, false);
            }
            return new Shown(message + " (again; " + last.notShown + (last.notShown == 1 ? " more time" : " more times")
                    + " since it was last shown)", false);
        }
        byOutput.put(id, new Last(key, now));
        return new Shown(message, true);
    }
}
