package dev.sluice.sources;

import dev.sluice.engine.graph.InputNode;
import dev.sluice.engine.graph.StreamGraph;
import dev.sluice.engine.rdd.ParallelCollectionNode;
import dev.sluice.engine.rdd.RddNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Queue;

/**
 * A source fed from a queue of lists: each batch takes the next list (or, when not one at a time,
 * every list queued), and an empty batch when the queue is empty. Meant for tests and
 * experiments; the queue may be filled while the context runs. With a default dataset, a batch that
 * finds the queue empty is that dataset instead (its records are not counted as input).
 */
public final class QueueSource<T> extends InputNode<T> {

    private final Queue<? extends Collection<T>> queue;
    private final boolean oneAtATime;
    private final RddNode<T> defaultRdd;

    /** Creates the source and registers it with the graph. */
    public QueueSource(StreamGraph graph, Queue<? extends Collection<T>> queue, boolean oneAtATime) {
        this(graph, queue, oneAtATime, null);
    }

    /** Creates the source, whose empty batches are {@code defaultRdd} when not null, and registers it with the graph. */
    public QueueSource(StreamGraph graph, Queue<? extends Collection<T>> queue, boolean oneAtATime, RddNode<T> defaultRdd) {
        super(graph);
        this.queue = queue;
        this.oneAtATime = oneAtATime;
        this.defaultRdd = defaultRdd;
        graph.register(this);
    }

    @Override
    public String operation() {
        return "queueStream";
    }

    @Override
    protected InputBatch<T> take(long time) {
        List<Collection<T>> taken = new ArrayList<>();
        synchronized (queue) {
            Collection<T> next;
            while ((!oneAtATime || taken.isEmpty()) && (next = queue.poll()) != null) {
                taken.add(next);
            }
        }
        if (taken.isEmpty() && defaultRdd != null) {
            return new InputBatch<>(defaultRdd, 0);
        }
        long records = 0;
        for (Collection<T> c : taken) {
            records += c.size();
        }
        int slices = (int) Math.max(1, Math.min(graph.rddContext().defaultParallelism(), records));
        ParallelCollectionNode<T> batch = ParallelCollectionNode.slice(graph.rddContext(), taken, slices, "queueStream batch");
        return new InputBatch<>(batch, batch.size());
    }
}
