package dev.sluice.engine.receiver;

import dev.sluice.engine.durability.RecoverableInput;
import dev.sluice.engine.graph.InputNode;
import dev.sluice.engine.graph.StreamGraph;
import dev.sluice.engine.rdd.ParallelCollectionNode;
import dev.sluice.engine.rdd.RddNode;
import java.util.List;
import java.util.function.Function;

/**
 * The input stream of a receiver: at each batch boundary it cuts the receiver's buffered records
 * into a block, takes the blocks the tracker allocates to the batch, and makes them the batch's
 * dataset, one partition per block. Starting and stopping the stream starts and stops the receiver.
 */
public final class ReceiverInputNode<T> extends InputNode<T> implements RecoverableInput {

    private static final Object[][] NO_BLOCKS = new Object[0][];

    private final ReceiverSupervisor supervisor;
    private final ReceivedBlockTracker tracker;
    private final ReceiverTracker receivers;
    private final String operation;
    private final String blocksName;
    private final Function<InputNode<?>, String> stableKey;
    private volatile String key;

    /**
     * Creates the stream and registers it; {@code stableKey} gives the id its blocks are logged
     * under, computed when the stream starts.
     */
    public ReceiverInputNode(StreamGraph graph, ReceiverSupervisor supervisor, ReceiverTracker receivers, String operation,
                             Function<InputNode<?>, String> stableKey) {
        super(graph);
        this.supervisor = supervisor;
        this.tracker = receivers.blockTracker();
        this.receivers = receivers;
        this.operation = operation;
        this.blocksName = operation + " blocks";
        this.stableKey = stableKey;
        supervisor.describeStream(() -> name() != null ? "'" + name() + "' (" + this + ")" : toString());
        graph.register(this);
    }

    @Override
    public String operation() {
        return operation;
    }

    /** Returns the supervisor of the receiver. */
    public ReceiverSupervisor supervisor() {
        return supervisor;
    }

    /** Returns the stable id the stream's blocks are logged under (fixed at the first call). */
    public synchronized String key() {
        if (key == null) {
            key = stableKey.apply(this);
            supervisor.bind(id(), key, sourceName());
        }
        return key;
    }

    @Override
    public void start() {
        key();
        supervisor.start();
    }

    @Override
    public void stop() {
        supervisor.stop();
    }

    @Override
    public void release() {
        supervisor.stop();
        receivers.unregister(supervisor);
    }

    @Override
    protected InputBatch<T> take(long time) throws Exception {
        String k = key();
        supervisor.flush(time);
        List<Block> blocks = tracker.allocate(time, k);
        return new InputBatch<>(toRdd(blocks), count(blocks));
    }

    @Override
    public void restorePast(long from, long to) {
        String k = key();
        for (long t : tracker.allocatedTimes(from + 1, to)) {
            List<Block> blocks = tracker.allocatedTo(t, k);
            if (blocks != null) {
                restoreGenerated(t, toRdd(blocks));
            }
        }
    }

    private RddNode<T> toRdd(List<Block> blocks) {
        if (blocks.isEmpty()) {
            return new ParallelCollectionNode<>(graph.rddContext(), NO_BLOCKS, null, blocksName);
        }
        Object[][] parts = new Object[blocks.size()][];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = blocks.get(i).records();
        }
        return new ParallelCollectionNode<>(graph.rddContext(), parts, null, blocksName);
    }

    private static long count(List<Block> blocks) {
        long n = 0;
        for (Block b : blocks) {
            n += b.records().length;
        }
        return n;
    }
}
