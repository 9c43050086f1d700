package dev.sluice.streaming;

import dev.sluice.engine.Micros;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a batch took in and how it ran, as reported to {@link StreamingListener}s.
 *
 * <p>Its times read in epoch milliseconds on the context's clock, as Spark's do; the delays are
 * exact to the microsecond, so batches shorter than a millisecond report what they took.
 */
public final class BatchInfo {

    private static final long NONE = Long.MIN_VALUE;

    private final Time batchTime;
    private final Map<String, Long> inputRecords;
    private final long submissionMicros;
    private final long startMicros;
    private final long endMicros;
    private final List<OutputOperationInfo> outputs;

    /**
     * Creates the report of a batch, its times in milliseconds.
     *
     * @param batchTime           the batch's time
     * @param inputRecords        records taken in per source (keyed by the source stream's name)
     * @param submissionTime      when the batch's jobs were submitted (epoch ms on the context's clock)
     * @param processingStartTime when its first job started, once known
     * @param processingEndTime   when its last job ended, once known
     * @param outputs             the outcome of each output operation, once completed
     */
    public BatchInfo(Time batchTime, Map<String, Long> inputRecords, long submissionTime,
                     Optional<Long> processingStartTime, Optional<Long> processingEndTime,
                     List<OutputOperationInfo> outputs) {
        this(batchTime, inputRecords, Micros.ofMillis(submissionTime),
                processingStartTime.map(Micros::ofMillis).orElse(NONE), processingEndTime.map(Micros::ofMillis).orElse(NONE), outputs);
    }

    private BatchInfo(Time batchTime, Map<String, Long> inputRecords, long submissionMicros, long startMicros, long endMicros,
                      List<OutputOperationInfo> outputs) {
        this.batchTime = Objects.requireNonNull(batchTime, "batchTime");
        this.inputRecords = Objects.requireNonNull(inputRecords, "inputRecords");
        this.submissionMicros = submissionMicros;
        this.startMicros = startMicros;
        this.endMicros = endMicros;
        this.outputs = Objects.requireNonNull(outputs, "outputs");
    }

    /** Returns the report of a batch whose times are microseconds ({@link Long#MIN_VALUE}: not yet known). */
    public static BatchInfo ofMicros(Time batchTime, Map<String, Long> inputRecords, long submissionMicros, long startMicros,
                                     long endMicros, List<OutputOperationInfo> outputs) {
        return new BatchInfo(batchTime, inputRecords, submissionMicros, startMicros, endMicros, outputs);
    }

    /** Returns this report with the processing start, in microseconds. */
    public BatchInfo started(long startMicros) {
        return new BatchInfo(batchTime, inputRecords, submissionMicros, startMicros, NONE, List.of());
    }

    /** Returns this report with the processing end, in microseconds, and the outputs' outcomes. */
    public BatchInfo completed(long endMicros, List<OutputOperationInfo> outputs) {
        return new BatchInfo(batchTime, inputRecords, submissionMicros, startMicros, endMicros, outputs);
    }

    /** Returns the batch's time. */
    public Time batchTime() {
        return batchTime;
    }

    /** Returns the records taken in per source (keyed by the source stream's name). */
    public Map<String, Long> inputRecords() {
        return inputRecords;
    }

    /** Returns when the batch's jobs were submitted (epoch ms on the context's clock). */
    public long submissionTime() {
        return Micros.toMillis(submissionMicros);
    }

    /** Returns when its first job started (epoch ms), once known. */
    public Optional<Long> processingStartTime() {
        return startMicros == NONE ? Optional.empty() : Optional.of(Micros.toMillis(startMicros));
    }

    /** Returns when its last job ended (epoch ms), once known. */
    public Optional<Long> processingEndTime() {
        return endMicros == NONE ? Optional.empty() : Optional.of(Micros.toMillis(endMicros));
    }

    /** Returns the outcome of each output operation, once completed. */
    public List<OutputOperationInfo> outputs() {
        return outputs;
    }

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
        return startMicros == NONE ? Optional.empty() : Optional.of(Micros.toDuration(Math.max(0, startMicros - batchTime.microseconds())));
    }

    /** Returns how long the batch's jobs ran, first start to last end. */
    public Optional<Duration> processingDelay() {
        return endMicros == NONE || startMicros == NONE ? Optional.empty() : Optional.of(Micros.toDuration(endMicros - startMicros));
    }

    /** Returns scheduling delay plus processing time. */
    public Optional<Duration> totalDelay() {
        return endMicros == NONE ? Optional.empty() : Optional.of(Micros.toDuration(Math.max(0, endMicros - batchTime.microseconds())));
    }

    /** Returns true once every output of the batch has completed without error. */
    public boolean succeeded() {
        return endMicros != NONE && outputs.stream().allMatch(OutputOperationInfo::succeeded);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchInfo b && b.batchTime.equals(batchTime) && b.inputRecords.equals(inputRecords)
                && b.submissionMicros == submissionMicros && b.startMicros == startMicros && b.endMicros == endMicros
                && b.outputs.equals(outputs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(batchTime, inputRecords, submissionMicros, startMicros, endMicros, outputs);
    }

    @Override
    public String toString() {
        return "BatchInfo[batchTime=" + batchTime + ", inputRecords=" + inputRecords + ", submissionTime=" + submissionTime()
                + ", processingStartTime=" + processingStartTime() + ", processingEndTime=" + processingEndTime()
                + ", outputs=" + outputs + "]";
    }
}
