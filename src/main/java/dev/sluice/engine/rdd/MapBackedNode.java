package dev.sluice.engine.rdd;

import dev.sluice.streaming.Pair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A materialized keyed dataset: one hash map per partition, partitioned by key. Windowed
 * reductions and state are kept this way, so the next batch starts from data in memory instead of
 * a lineage that would grow with every batch.
 *
 * <p>The maps are never modified after construction.
 */
public final class MapBackedNode<K, V> extends RddNode<Pair<K, V>> {

    private final List<Map<K, V>> partitions;
    private final Partitioner partitioner;
    private final String operation;

    /** Wraps {@code partitions}, which must be partitioned by {@code partitioner}. */
    public MapBackedNode(RddContext ctx, List<Map<K, V>> partitions, Partitioner partitioner, String operation) {
        super(ctx);
        if (partitions.size() != partitioner.numPartitions()) {
            throw new IllegalArgumentException(partitions.size() + " maps for " + partitioner.numPartitions() + " partitions");
        }
        this.partitions = List.copyOf(partitions);
        this.partitioner = partitioner;
        this.operation = operation;
    }

    /** Returns an empty dataset with {@code partitioner}'s partitions. */
    public static <K, V> MapBackedNode<K, V> empty(RddContext ctx, Partitioner partitioner, String operation) {
        List<Map<K, V>> maps = new ArrayList<>();
        for (int i = 0; i < partitioner.numPartitions(); i++) {
            maps.add(Map.of());
        }
        return new MapBackedNode<>(ctx, maps, partitioner, operation);
    }

    /** Returns the pairs of {@code data} partitioned by {@code partitioner} (later pairs win). */
    public static <K, V> MapBackedNode<K, V> fromPairs(RddContext ctx, Iterable<Pair<K, V>> data, Partitioner partitioner, String op) {
        List<Map<K, V>> maps = new ArrayList<>();
        for (int i = 0; i < partitioner.numPartitions(); i++) {
            maps.add(new HashMap<>());
        }
        for (Pair<K, V> p : data) {
            maps.get(partitioner.partition(p.key())).put(p.key(), p.value());
        }
        return new MapBackedNode<>(ctx, maps, partitioner, op);
    }

    /** Returns a new dataset over the same (unmodified) maps: the next batch's when nothing changed them. */
    public MapBackedNode<K, V> sameMaps(String operation) {
        return new MapBackedNode<>(ctx, partitions, partitioner, operation);
    }

    /** Returns partition {@code i}'s map (read-only by contract). */
    public Map<K, V> partition(int i) {
        return partitions.get(i);
    }

    /** Returns the number of keys. */
    public long size() {
        long n = 0;
        for (Map<K, V> m : partitions) {
            n += m.size();
        }
        return n;
    }

    @Override
    public int numPartitions() {
        return partitions.size();
    }

    @Override
    public Partitioner partitioner() {
        return partitioner;
    }

    @Override
    public boolean isFullyComputed() {
        return true;
    }

    @Override
    public String operation() {
        return operation;
    }

    @Override
    protected Iterator<Pair<K, V>> compute(int split) {
        return KeyedOps.entries(partitions.get(split));
    }

    /** Computes one partition's map from the inputs' partitions of the same index. */
    @FunctionalInterface
    public interface PartitionMerge<K, V> {
        /** Returns the map of partition {@code split}. */
        Map<K, V> apply(int split, List<Iterator<?>> inputs) throws Exception;
    }

    /**
     * Runs {@code merge} over every partition of the co-partitioned {@code inputs} (as a job on the
     * task pool) and returns the resulting maps as a dataset.
     */
    public static <K, V> MapBackedNode<K, V> materialize(RddContext ctx, List<RddNode<?>> inputs, Partitioner partitioner,
                                                         PartitionMerge<K, V> merge, String operation) throws Exception {
        int n = partitioner.numPartitions();
        List<RddNode<?>> zipped = new ArrayList<>(inputs);
        if (zipped.isEmpty()) {
            Object[][] none = new Object[n][0];
            zipped.add(new ParallelCollectionNode<>(ctx, none, partitioner, "partitions"));
        }
        ZipPartitionsNode<Map<K, V>> node = new ZipPartitionsNode<>(ctx, zipped, n,
                (split, its) -> List.of(merge.apply(split, inputs.isEmpty() ? List.of() : its)).iterator(),
                partitioner, operation);
        List<Map<K, V>> maps = ctx.runJob(node, (split, it) -> it.next());
        return new MapBackedNode<>(ctx, maps, partitioner, operation);
    }
}
