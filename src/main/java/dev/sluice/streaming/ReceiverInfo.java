package dev.sluice.streaming;

import java.util.Optional;

/**
 * The status of a receiver, as reported to {@link StreamingListener}s and by
 * {@link StreamingContext#receivers()}.
 *
 * @param streamId        the id of the input stream the receiver feeds
 * @param name            the receiver's name
 * @param active          whether it is running
 * @param lastError       its last error message, if any
 * @param recordsReceived records it has stored since it started
 * @param ratePerSecond   its input rate over the last batch, in records per second
 * @param recordsDropped  records it lost because unprocessed input was above the memory budget
 * @param rateLimit       the rate limit in force (its {@code maxRate}, or lower under backpressure); 0 if none
 */
public record ReceiverInfo(int streamId, String name, boolean active, Optional<String> lastError,
                           long recordsReceived, double ratePerSecond, long recordsDropped, long rateLimit) {

    /** Creates a status with no records dropped and no rate limit. */
    public ReceiverInfo(int streamId, String name, boolean active, Optional<String> lastError,
                        long recordsReceived, double ratePerSecond) {
        this(streamId, name, active, lastError, recordsReceived, ratePerSecond, 0, 0);
    }
}
