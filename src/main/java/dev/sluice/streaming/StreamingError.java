package dev.sluice.streaming;

import java.util.Objects;
import java.util.Optional;

/**
 * One failure a running context reported in the background: an output whose job threw, a stream
 * kept up to date without an output, a receiver, a source, a checkpoint or the write-ahead log.
 *
 * <p>{@link StreamingContext#recentErrors()} lists them; the shell and the notebook show such a
 * list as a table. The exception is kept as it was thrown, so its stack trace can be read:
 * <pre>{@code
 * StreamingError last = ssc.recentErrors().get(ssc.recentErrors().size() - 1);
 * last.exception().ifPresent(Throwable::printStackTrace);
 * }</pre>
 *
 * @param time      the batch time of the failing batch, or, for a failure outside any batch, the
 *                  context clock's time when it was reported; {@link Time#toLocalString()} reads
 *                  it as a person would, {@link Time#milliseconds()} gives the number
 * @param output    the failing output, as in {@code output 4 (print of map[13])}, if an output failed
 * @param stream    the stream, source or receiver the failure belongs to, if known
 * @param message   the report in one line, as the log has it
 * @param exception what was thrown, unwrapped from the engine's own wrappers, if anything was
 * @param count     how many times in a row this same report came (at least 1)
 * @param onConsole whether the context shows this failure itself, on the console of the cell or
 *                  shell that created the failing output or receiver (the first time with the
 *                  stack frames of the user's code, repeats counted); a listener that shows
 *                  errors to a person can skip these
 */
public record StreamingError(Time time, Optional<String> output, Optional<String> stream, String message,
                             Optional<Throwable> exception, int count, boolean onConsole) {

    /** Checks that nothing is null and the count is positive. */
    public StreamingError {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(exception, "exception");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
    }

    /** A failure that no console shows by itself (listeners show it, if anything does). */
    public StreamingError(Time time, Optional<String> output, Optional<String> stream, String message,
                          Optional<Throwable> exception, int count) {
        this(time, output, stream, message, exception, count, false);
    }

    /** A failure outside any output: {@code stream} and {@code exception} may be null. */
    public static StreamingError of(Time time, String stream, String message, Throwable exception) {
        return new StreamingError(time, Optional.empty(), Optional.ofNullable(stream), message,
                Optional.ofNullable(exception), 1);
    }

    /** This report with its count raised by one (the same report came again). */
    public StreamingError repeated() {
        return new StreamingError(time, output, stream, message, exception, count + 1, onConsole);
    }

    /** Whether {@code text} occurs in the message (a short form for searching the list). */
    public boolean contains(CharSequence text) {
        return message.contains(text);
    }

    /** The message, with {@code (N times in a row)} after it when it came more than once. */
    @Override
    public String toString() {
        return count == 1 ? message : message + " (" + count + " times in a row)";
    }
}
