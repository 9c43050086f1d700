package dev.sluice.sources;

import dev.sluice.engine.graph.InputNode;
import dev.sluice.engine.graph.StreamGraph;
import dev.sluice.engine.rdd.ParallelCollectionNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Queue;

/**
 * A source fed from a queue of lists: each batch takes the next list (or, when not one at a time,
 * every list queued), and an empty batch when the queue is empty. Meant for tests and
 * experiments; the queue may be filled while the context runs.
 */
public final class QueueSource<T> extends InputNode<T> {

    private final Queue<? extends Collection<T>> queue;
    private final boolean oneAtATime;

    /** Creates the source and registers it with the graph. */
    public QueueSource(StreamGraph graph, Queue<? extends Collection<T>> queue, boolean oneAtATime) {
        super(graph);
        this.queue = queue;
        this.oneAtATime = oneAtATime;
        graph.register(this);
    }

    @Override
    public String operation() {
        return "queueStream";
    }

    @Override
    protected InputBatch<T> take(long time) {
        List<T> data = new ArrayList<>();
        synchronized (queue) {
            if (oneAtATime) {
                Collection<T> next = queue.poll();
                if (next != null) {
                    data.addAll(next);
                }
            } else {
                Collection<T> next;
                while ((next = queue.poll()) != null) {
                    data.addAll(next);
                }
            }
        }
        int slices = Math.max(1, Math.min(graph.rddContext().defaultParallelism(), data.size()));
        return new InputBatch<>(ParallelCollectionNode.slice(graph.rddContext(), data, slices, "queueStream batch"), data.size());
    }
}
