package dev.sluice.streaming;

/** A failure of the streaming engine reported to the user, with a message that says what to do. */
public class StreamingException extends RuntimeException {

    /** Creates an exception with a message. */
    public StreamingException(String message) {
        super(message);
    }

    /** Creates an exception with a message and a cause. */
    public StreamingException(String message, Throwable cause) {
        super(message, cause);
    }
}
