package dev.sluice.engine.scheduler;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Decides which output failures reach the output's console. A user function that throws on every
 * batch would otherwise print the same line every batch interval: the first failure of an output is
 * shown, the same failure again (same exception type and message, numbers aside) at most once
 * every {@link #REPEAT_AFTER_MS} ms, saying how many were not shown in between. A different failure
 * is shown at once. Used on the job thread only.
 */
final class FailureRepeats {

    /** How long the same failure of an output is not shown again. */
    static final long REPEAT_AFTER_MS = 60_000;

    static final String HINT = "  (the same failure of this output is shown again at most once a minute;"
            + " ssc.recentErrors() lists the last ones)";

    private static final Pattern NUMBER = Pattern.compile("\\d+");

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

    /** Returns the text to print for this failure of output {@code id} at {@code now}, or null to print nothing. */
    String shown(int id, String message, Throwable cause, long now) {
        String key = cause.getClass().getName() + ": " + NUMBER.matcher(String.valueOf(cause.getMessage())).replaceAll("#");
        Last last = byOutput.get(id);
        if (last != null && last.key.equals(key)) {
            if (now - last.shownAt < REPEAT_AFTER_MS) {
                last.notShown++;
                return null;
            }
            byOutput.put(id, new Last(key, now));
            if (last.notShown == 0) {
                return message;
            }
            return message + " (" + last.notShown + (last.notShown == 1 ? " more time" : " more times")
                    + " since it was last shown)";
        }
        byOutput.put(id, new Last(key, now));
        return message + "\n" + HINT;
    }
}
