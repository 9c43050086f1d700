package dev.sluice.streaming;

import dev.sluice.engine.graph.OutputOperation;
import dev.sluice.engine.plan.Plan;
import dev.sluice.engine.rdd.RddContext;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.engine.scheduler.JobScheduler;
import dev.sluice.streaming.spi.RunnerContext;
import java.time.Duration;
import java.util.Map;

/** What a runner sees of a {@link StreamingContext} that runs on it. */
final class ContextRunnerView implements RunnerContext {

    private final StreamingContext ssc;

    ContextRunnerView(StreamingContext ssc) {
        this.ssc = ssc;
    }

    @Override
    public String master() {
        return ssc.master();
    }

    @Override
    public Map<String, String> conf() {
        return ssc.conf();
    }

    @Override
    public Duration batchInterval() {
        return ssc.batchInterval();
    }

    @Override
    public int parallelism() {
        return ssc.parallelism();
    }

    @Override
    public long fileStableMs() {
        return ssc.fileStableMs();
    }

    @Override
    public Plan plan() {
        return ssc.plan();
    }

    @Override
    public StreamingContext streamingContext() {
        return ssc;
    }

    @Override
    public Console console() {
        return ssc.newOutputConsole();
    }

    @Override
    public OutputOperationInfo runOutput(int outputId, Time time, JobScheduler.OutputJob job) {
        for (OutputOperation<?> out : ssc.engine().graph().outputs()) {
            if (out.id() == outputId) {
                if (out.isStopRequested()) {
                    return null;
                }
                Thread thread = Thread.currentThread();
                ClassLoader previous = thread.getContextClassLoader();
                thread.setContextClassLoader(ssc.userClassLoader());
                try {
                    return ssc.engine().scheduler().runOutput(out, time.microseconds(), job);
                } finally {
                    thread.setContextClassLoader(previous);
                }
            }
        }
        return null;
    }

    @Override
    public ClassLoader classLoader() {
        return ssc.userClassLoader();
    }

    @Override
    public void batchCompleted(BatchInfo batch) {
        ssc.engine().scheduler().recordCompleted(batch);
    }

    @Override
    public void reportError(String stream, String message, Throwable error) {
        ssc.engine().reportError(stream, message, error);
    }

    @Override
    public RddContext rddContext() {
        return ssc.engine().rddContext();
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T> RDD<T> wrap(RddNode<T> node, boolean pair) {
        return pair ? (RDD<T>) new PairRDD((RddNode) node) : new RDD<>(node);
    }

    @Override
    public <T> RddNode<T> unwrap(RDD<T> rdd) {
        return rdd.node;
    }
}
