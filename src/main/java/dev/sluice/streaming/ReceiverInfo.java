package dev.sluice.streaming;

import java.util.Optional;

/**
 * The status of a receiver, as reported to {@link StreamingListener}s.
 *
 * @param streamId        the id of the input stream the receiver feeds
 * @param name            the receiver's name
 * @param active          whether it is running
 * @param lastError       its last error message, if any
 * @param recordsReceived records it has stored since it started
 * @param ratePerSecond   its recent input rate in records per second
 */
public record ReceiverInfo(int streamId, String name, boolean active, Optional<String> lastError,
                           long recordsReceived, double ratePerSecond) {
}
