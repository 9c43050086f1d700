package dev.sluice.streaming;

import java.time.Duration;
import java.util.Optional;

/**
 * The outcome of one output operation's job in one batch.
 *
 * @param batchTime   the batch
 * @param id          the output's id (as in {@link OutputHandle#id()})
 * @param name        the output's name
 * @param description what it does and on which stream
 * @param failure     the error, with the batch time and stream name, if the job failed
 * @param duration    how long the job ran
 */
public record OutputOperationInfo(Time batchTime, int id, String name, String description,
                                  Optional<String> failure, Duration duration) {

    /** Returns true if the job completed without error. */
    public boolean succeeded() {
        return failure.isEmpty();
    }
}
