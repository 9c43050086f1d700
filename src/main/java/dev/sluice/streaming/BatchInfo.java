package dev.sluice.streaming;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a batch took in and how it ran, as reported to {@link StreamingListener}s.
 *
 * @param batchTime           the batch's time
 * @param inputRecords        records taken in per source (keyed by the source stream's name)
 * @param submissionTime      when the batch's jobs were submitted (epoch ms on the context's clock)
 * @param processingStartTime when its first job started, once known
 * @param processingEndTime   when its last job ended, once known
 * @param outputs             the outcome of each output operation, once completed
 */
public record BatchInfo(Time batchTime, Map<String, Long> inputRecords, long submissionTime,
                        Optional<Long> processingStartTime, Optional<Long> processingEndTime,
                        List<OutputOperationInfo> outputs) {

    /** Returns the records taken in by all sources for this batch. */
    public long numRecords() {
        long n = 0;
        for (long v : inputRecords.values()) {
            n += v;
        }
        return n;
    }

    /** Returns how long the batch waited between its batch time and the start of its first job. */
    public Optional<Duration> schedulingDelay() {
        return processingStartTime.map(s -> Duration.ofMillis(Math.max(0, s - batchTime.milliseconds())));
    }

    /** Returns how long the batch's jobs ran, first start to last end. */
    public Optional<Duration> processingDelay() {
        return processingEndTime.flatMap(e -> processingStartTime.map(s -> Duration.ofMillis(e - s)));
    }

    /** Returns scheduling delay plus processing time. */
    public Optional<Duration> totalDelay() {
        return processingEndTime.map(e -> Duration.ofMillis(Math.max(0, e - batchTime.milliseconds())));
    }

    /** Returns true once every output of the batch has completed without error. */
    public boolean succeeded() {
        return processingEndTime.isPresent() && outputs.stream().allMatch(OutputOperationInfo::succeeded);
    }
}
