package dev.sluice.engine.scheduler;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Decides which failures reach the console of the output or receiver they belong to. A user
 * function that throws on every batch, or a receiver that fails at every restart, would otherwise
 * print the same report again and again: the first failure of an owner is shown in full (with its
 * stack trace), the same failure again (same exception type and message, numbers aside) only
 * counted, and shown as one line with that count at most once every {@link #REPEAT_AFTER_MS} ms.
 * A different failure is shown in full at once. Thread-safe (receivers report from their own
 * threads).
 */
final class FailureRepeats {

    /** How long the same failure of an output is not shown again. */
    static final long REPEAT_AFTER_MS = 60_000;

    static final String HINT = hint("output");

    /** The line under a failure shown in full, for an owner that is a {@code what} (output, receiver). */
    static String hint(String what) {
        return "  (the same failure of this " + what + " is counted and shown again at most once a minute;"
                + " ssc.recentErrors() lists the last ones)";
    }

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

    private final Map<Object, Last> byOwner = new HashMap<>();

    /**
     * Returns what to show for this failure of {@code owner} (an output's id, a receiver) at
     * {@code now}, or null to show nothing; {@code cause} may be null (a report without an exception).
     */
    synchronized Shown shown(Object owner, String message, Throwable cause, long now) {
        String key = cause == null ? NUMBER.matcher(message).replaceAll("#")
                : cause.getClass().getName() + ": " + NUMBER.matcher(String.valueOf(cause.getMessage())).replaceAll("#");
        Last last = byOwner.get(owner);
        if (last != null && last.key.equals(key)) {
            if (now - last.shownAt < REPEAT_AFTER_MS) {
                last.notShown++;
                return null;
            }
            byOwner.put(owner, new Last(key, now));
            if (last.notShown == 0) {
                return new Shown(message, false);
            }
            return new Shown(message + " (again; " + last.notShown + (last.notShown == 1 ? " more time" : " more times")
                    + " since it was last shown)", false);
        }
        byOwner.put(owner, new Last(key, now));
        return new Shown(message, true);
    }

    /** Forgets what was shown for {@code owner}. */
    synchronized void forget(Object owner) {
        byOwner.remove(owner);
    }
}
