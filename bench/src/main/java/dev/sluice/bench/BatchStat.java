package dev.sluice.bench;

/**
 * What an engine's own listener reported for one completed batch.
 *
 * @param batchTimeMs batch time
 * @param schedulingDelayMs from the batch's submission to the start of its processing
 * @param processingMs from the start to the end of the batch's jobs
 * @param completedAtMs wall clock when the listener saw the batch complete
 */
public record BatchStat(long batchTimeMs, long schedulingDelayMs, long processingMs, long completedAtMs) {
}
