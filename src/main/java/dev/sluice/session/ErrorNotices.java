package dev.sluice.session;

import dev.sluice.streaming.StreamingError;
import dev.sluice.streaming.StreamingListener;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Shows a person at a front end the errors the engine reports outside any output job: a receiver
 * that cannot connect, a missing {@code textFileStream} directory, a failed checkpoint, a damaged
 * write-ahead log. (A failed output, and a failure of a receiver of the user's, is printed on the
 * console of the cell or shell that created it instead; see {@link StreamingError#onConsole()}.) Each comes
 * as one {@code warning:} line. A receiver that keeps failing reports the same message at every
 * retry, so a message is shown again at most once every {@link #REPEAT_AFTER_MS} ms, with how
 * many times it came in between. Messages that differ only in a batch time or a record count
 * ({@code "batch 04:21:38"}, {@code "batch t=5s"}, {@code "dropped 12 records (40 in all)"})
 * count as the same message,
 * as a failure that comes back every batch reports it; other numbers, such as ports, tell messages
 * apart.
 *
 * <p>Register it with {@code ssc.addListener}; lines go to the sink on the listener thread.
 */
public final class ErrorNotices implements StreamingListener {

    /** How long a message is not shown again after it was shown. */
    public static final long REPEAT_AFTER_MS = 60_000;

    /** How many distinct messages are remembered for the repeat check. */
    static final int REMEMBERED = 64;

    static final String HINT = "  (a warning that repeats is shown again at most once a minute;"
            + " ssc.recentErrors() lists the last ones)";

    /**
     * A number that is a batch time (as {@code BatchTimes} writes it: a clock time {@code 04:21:38}
     * or {@code 04:21:38.250}, or {@code t=3s} or {@code t=3.250s} on a manual clock; or in
     * milliseconds) or a record count: it changes from one report to the next.
     */
    private static final Pattern COUNT = Pattern.compile(
            "\\b\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{3})?\\b|\\bt=-?\\d+(?:\\.\\d{3})?s|\\d+(?= (?:ms|records|in all)\\b)");

    /** How a failed output's report begins; its console already shows it. */
    private static final Pattern OUTPUT_FAILURE = Pattern.compile("Output \\d+ \\(.*\\) failed at batch ");

    private final Consumer<String> sink;
    private final LongSupplier millis;
    private final Map<String, Shown> shown = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Shown> eldest) {
            return size() > REMEMBERED;
        }
    };
    private boolean hinted;

    private static final class Shown {
        long at;
        int since;
    }

    /** Notices that go to {@code sink}, timed by the wall clock. */
    public ErrorNotices(Consumer<String> sink) {
        this(sink, System::currentTimeMillis);
    }

    /** Notices that go to {@code sink}, timed by {@code millis}. */
    public ErrorNotices(Consumer<String> sink, LongSupplier millis) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.millis = Objects.requireNonNull(millis, "millis");
    }

    @Override
    public void onError(StreamingError error) {
        if (error.output().isPresent() || error.onConsole()) {
            return; // the console of the output or receiver it belongs to shows it, counting repeats
        }
        onError(error.message(), error.exception().orElse(null));
    }

    @Override
    public void onError(String message, Throwable error) {
        if (OUTPUT_FAILURE.matcher(message).lookingAt()) {
            return; // the output's own console shows it, at most once a minute
        }
        for (String line : lines(message)) {
            sink.accept(line);
        }
    }

    /** The lines to show for {@code message} now: none while it is a recent repeat. */
    synchronized String[] lines(String message) {
        long now = millis.getAsLong();
        String key = shape(message);
        Shown s = shown.get(key);
        if (s != null && now - s.at < REPEAT_AFTER_MS) {
            s.since++;
            return new String[0];
        }
        String line = "warning: " + message;
        if (s == null) {
            s = new Shown();
            shown.put(key, s);
        } else if (s.since > 0) {
            line += " (" + s.since + (s.since == 1 ? " more time" : " more times") + " since it was last shown)";
        }
        s.at = now;
        s.since = 0;
        if (hinted) {
            return new String[] {line};
        }
        hinted = true;
        return new String[] {line, HINT};
    }

    /** What repeats of {@code message} have in common: the message with its batch times and record counts blanked. */
    static String shape(String message) {
        return COUNT.matcher(message).replaceAll("#");
    }
}
