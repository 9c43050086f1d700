package dev.sluice.sources;

import dev.sluice.engine.graph.InputNode;
import dev.sluice.engine.graph.StreamGraph;
import dev.sluice.engine.rdd.RangeNode;

/**
 * A synthetic source of the numbers 0, 1, 2, ... at a fixed rate: the batch of time {@code t}
 * holds the numbers generated in {@code (t - interval, t]} since the source started, computed on
 * the fly (nothing is buffered).
 */
public final class RateSource extends InputNode<Long> {

    private final long recordsPerSecond;
    private volatile long startTime = Long.MIN_VALUE;

    /** Creates the source and registers it with the graph. */
    public RateSource(StreamGraph graph, long recordsPerSecond) {
        super(graph);
        if (recordsPerSecond < 0) {
            throw new IllegalArgumentException("rate must not be negative, got " + recordsPerSecond);
        }
        this.recordsPerSecond = recordsPerSecond;
        graph.register(this);
    }

    @Override
    public String operation() {
        return "rateStream(" + recordsPerSecond + "/s)";
    }

    @Override
    protected InputBatch<Long> take(long time) {
        if (startTime == Long.MIN_VALUE) {
            startTime = time - graph.batchIntervalMicros();
        }
        long from = countAt(time - graph.batchIntervalMicros());
        long to = countAt(time);
        RangeNode rdd = new RangeNode(graph.rddContext(), from, to, graph.rddContext().defaultParallelism());
        return new InputBatch<>(rdd, to - from);
    }

    private long countAt(long t) {
        long elapsed = Math.max(0, t - startTime);
        return (long) ((double) elapsed * recordsPerSecond / 1e6);   // elapsed in microseconds
    }
}
