package dev.sluice.spark;

import dev.sluice.streaming.BatchInfo;
import dev.sluice.streaming.Time;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.streaming.scheduler.StreamInputInfo;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchSubmitted;
import org.apache.spark.streaming.scheduler.StreamingListenerReceiverError;

/**
 * Passes Spark's completed batches to the context (status line, {@code recentBatches()},
 * {@code awaitBatch}, listeners), with the outcomes of the outputs that ran in them, and the errors
 * that receivers report on executors ({@code recentErrors()}).
 */
final class BatchBridge implements StreamingListener {

    private final Translation translation;

    BatchBridge(Translation translation) {
        this.translation = translation;
    }

    @Override
    public void onBatchSubmitted(StreamingListenerBatchSubmitted submitted) {
        translation.lastSubmitted.accumulateAndGet(submitted.batchInfo().batchTime().milliseconds(), Math::max);
    }

    @Override
    public void onBatchCompleted(StreamingListenerBatchCompleted completed) {
        org.apache.spark.streaming.scheduler.BatchInfo b = completed.batchInfo();
        long time = b.batchTime().milliseconds();
        Map<String, Long> inputs = new LinkedHashMap<>();
        scala.collection.Iterator<scala.Tuple2<Object, StreamInputInfo>> it = b.streamIdToInputInfo().iterator();
        while (it.hasNext()) {
            scala.Tuple2<Object, StreamInputInfo> e = it.next();
            int id = (Integer) e._1();
            String name = translation.inputNames.getOrDefault(id, "input " + id);
            inputs.merge(name, e._2().numRecords(), Long::sum);
        }
        // Spark stamps submission and processing with the wall clock; batch times follow the context's
        // clock, which a manual clock keeps near zero: move the stamps onto the context's clock
        dev.sluice.streaming.Clock clock = translation.runner.streamingContext().clock();
        long shift = clock instanceof dev.sluice.streaming.SystemClock ? 0 : clock.millis() - System.currentTimeMillis();
        Optional<Long> start = b.processingStartTime().isDefined()
                ? Optional.of((Long) b.processingStartTime().get() + shift) : Optional.empty();
        Optional<Long> end = b.processingEndTime().isDefined()
                ? Optional.of((Long) b.processingEndTime().get() + shift) : Optional.empty();
        BatchInfo info = new BatchInfo(new Time(time), inputs, b.submissionTime() + shift, start, end, translation.takeOutcomes(time));
        translation.runner.batchCompleted(info);
    }

    @Override
    public void onReceiverError(StreamingListenerReceiverError error) {
        org.apache.spark.streaming.scheduler.ReceiverInfo r = error.receiverInfo();
        String stream = translation.inputNames.getOrDefault(r.streamId(), "receiver " + r.streamId());
        String where = r.executorId() == null || r.executorId().isEmpty() ? "" : " (executor " + r.executorId() + ")";
        String cause = r.lastError() == null ? "" : r.lastError().lines().findFirst().orElse("");   // Spark sends the stack trace as text
        translation.runner.reportError(stream, r.lastErrorMessage() + where + (cause.isEmpty() ? "" : ": " + cause), null);
    }
}
