package dev.sluice.streaming;

/**
 * An action on an RDD failed: a user function threw in one of its tasks (after retries). The
 * user's exception is the cause.
 */
public class JobFailedException extends StreamingException {

    /** Creates the exception. */
    public JobFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
