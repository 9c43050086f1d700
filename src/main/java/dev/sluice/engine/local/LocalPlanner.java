package dev.sluice.engine.local;

import dev.sluice.engine.graph.OutputOperation;
import dev.sluice.engine.graph.StreamGraph;
import dev.sluice.engine.graph.StreamNode;
import dev.sluice.engine.plan.OutputOp;
import dev.sluice.engine.plan.StreamOp;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.streaming.RDD;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds the embedded engine's nodes from plan operators, one {@link NodeBuilder} per operator
 * kind from {@link LocalBuilders}, and remembers the node of every operator so that later
 * operators find their parents'. Operators are built when they are defined, so a stream defined
 * while the context runs joins the live graph at the next batch boundary.
 */
public final class LocalPlanner {

    private final LocalHost host;
    private final LocalBuilders builders;
    private final Map<StreamOp, StreamNode<?>> nodes = Collections.synchronizedMap(new IdentityHashMap<>());
    private final Set<StreamOp> pairs = Collections.newSetFromMap(Collections.synchronizedMap(new IdentityHashMap<>()));

    /** Creates a planner for {@code host} with the standard builders. */
    public LocalPlanner(LocalHost host) {
        this(host, LocalBuilders.standard());
    }

    /** Creates a planner for {@code host} with {@code builders}. */
    public LocalPlanner(LocalHost host, LocalBuilders builders) {
        this.host = Objects.requireNonNull(host, "host");
        this.builders = Objects.requireNonNull(builders, "builders");
    }

    /** Builds {@code op}, whose parents must be built already, and returns its node; {@code pair} marks a keyed stream. */
    @SuppressWarnings("unchecked")
    public <T> StreamNode<T> build(StreamOp op, boolean pair) {
        for (StreamOp p : op.parents()) {
            if (!nodes.containsKey(p)) {
                throw new IllegalStateException(op.kind() + " reads a stream of another context or one not built yet: " + p.kind());
            }
        }
        StreamNode<T> node = (StreamNode<T>) builders.nodeBuilder(op).build(op, this);
        nodes.put(op, node);
        if (pair) {
            pairs.add(op);
        }
        return node;
    }

    /** Forgets the nodes the graph released (nothing reaches them any more, so nothing builds on them). */
    public void forget(java.util.Collection<? extends StreamNode<?>> released) {
        Set<StreamNode<?>> gone = Collections.newSetFromMap(new IdentityHashMap<>());
        gone.addAll(released);
        synchronized (nodes) {
            java.util.Iterator<Map.Entry<StreamOp, StreamNode<?>>> it = nodes.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<StreamOp, StreamNode<?>> e = it.next();
                if (gone.contains(e.getValue())) {
                    pairs.remove(e.getKey());
                    it.remove();
                }
            }
        }
    }

    /** Records that {@code op}'s stream is also used as a keyed stream (user functions then get a {@code PairRDD}). */
    public void markPair(StreamOp op) {
        pairs.add(op);
    }

    /** Returns the action of output {@code op}, whose stream must be built already. */
    @SuppressWarnings("unchecked")
    public <T> OutputOperation.BatchAction<T> action(OutputOp op) {
        node(op.parent());
        return (OutputOperation.BatchAction<T>) builders.actionBuilder(op).build(op, this);
    }

    /** Returns the node built for {@code op}. */
    @SuppressWarnings("unchecked")
    public <T> StreamNode<T> node(StreamOp op) {
        StreamNode<?> n = nodes.get(op);
        if (n == null) {
            throw new IllegalStateException("no node was built for " + op.kind());
        }
        return (StreamNode<T>) n;
    }

    /** Returns the host. */
    public LocalHost host() {
        return host;
    }

    /** Returns the graph. */
    public StreamGraph graph() {
        return host.graph();
    }

    /** Returns {@code numPartitions}, or the context's default when it is 0. */
    public int partitions(int numPartitions) {
        return numPartitions > 0 ? numPartitions : host.parallelism();
    }

    /**
     * Returns the engine partitioner of a by-key operator: the user's {@code partitioner} when given,
     * else a hash partitioner of {@code numPartitions} (the context's default when 0).
     */
    public dev.sluice.engine.rdd.Partitioner partitioner(int numPartitions, dev.sluice.streaming.Partitioner partitioner) {
        return partitioner != null ? host.toEngine(partitioner) : new dev.sluice.engine.rdd.HashPartitioner(partitions(numPartitions));
    }

    /** Wraps a dataset of {@code op}'s stream for user code (a {@code PairRDD} for keyed streams). */
    public <T> RDD<T> wrap(StreamOp op, RddNode<T> rdd) {
        return host.wrap(rdd, pairs.contains(op));
    }

    /** Returns the engine dataset behind {@code rdd}. */
    public <T> RddNode<T> unwrap(RDD<T> rdd) {
        return host.unwrap(rdd);
    }

    /** Casts a parent's dataset to the type the builder knows it has. */
    @SuppressWarnings("unchecked")
    static <X> RddNode<X> cast(RddNode<?> n) {
        return (RddNode<X>) n;
    }

    /** Casts a user function to the type the builder knows it has. */
    @SuppressWarnings("unchecked")
    static <X> X fn(Object f) {
        return (X) f;
    }
}
