package dev.sluice.engine.rdd;

import dev.sluice.streaming.Pair;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * A join of a keyed dataset with a materialized one (a {@link MapBackedNode}: a window's or a
 * state's pairs, one value per key) partitioned like the result: each record of the other side
 * looks its key up in the table's partition. A batch joined with a window or a state thus costs its
 * own records, where a co-group would also visit every key of the table.
 *
 * <p>Inner, or outer on the other side (every one of its records is kept, the table's value as an
 * {@link Optional}); the table's side is never outer. Elements are {@code (key, (left, right))}, the
 * table on the side it was given. The other side is read narrowly when it is partitioned like the
 * table, and otherwise shuffled record by record into the table's partitions, without grouping.
 * Its records come out in the order they are read, not grouped by key as a co-group's are; a join
 * promises no order.
 */
public final class LookupJoinNode<K, V, W> extends RddNode<Pair<K, Object>> {

    private final MapBackedNode<K, W> table;
    private final RddNode<Pair<K, V>> other;
    /** {@link #other} when it is partitioned like the table, else its shuffle. */
    private final Object source;
    private final boolean tableOnLeft;
    private final boolean outer;

    /**
     * Joins {@code other} with {@code table}; {@code tableOnLeft} says which side of each element
     * the table's value takes, {@code outer} keeps {@code other}'s records that the table lacks.
     */
    public LookupJoinNode(RddNode<Pair<K, V>> other, MapBackedNode<K, W> table, boolean tableOnLeft, boolean outer) {
        super(table.context());
        this.table = table;
        this.other = other;
        this.tableOnLeft = tableOnLeft;
        this.outer = outer;
        this.source = Objects.equals(other.partitioner(), table.partitioner()) ? other : routed(other, table.partitioner());
    }

    /** Moves each record of {@code other} to its key's partition, as it is: a lookup needs no grouping. */
    private static <K, V> RecordShuffle<Pair<K, V>> routed(RddNode<Pair<K, V>> other, Partitioner p) {
        return new RecordShuffle<>(other, p.numPartitions(), (record, split, i) -> p.partition(record.key()), p);
    }

    /** Returns true if {@code node} can be the table of a join into {@code partitioner}'s partitions. */
    public static boolean isTable(RddNode<?> node, Partitioner partitioner) {
        return node instanceof MapBackedNode<?, ?> m && Objects.equals(m.partitioner(), partitioner);
    }

    @Override
    public int numPartitions() {
        return table.numPartitions();
    }

    @Override
    public List<RddNode<?>> narrowParents() {
        List<RddNode<?>> out = new ArrayList<>(2);
        out.add(table);
        if (source == other) {
            out.add(other);
        }
        return out;
    }

    @Override
    public List<ShuffleDependency<?>> shuffleDependencies() {
        return source instanceof ShuffleDependency<?> d ? List.of(d) : List.of();
    }

    @Override
    public Partitioner partitioner() {
        return table.partitioner();
    }

    @Override
    public String operation() {
        return outer ? (tableOnLeft ? "rightOuterJoin" : "leftOuterJoin") + " (lookup)" : "join (lookup)";
    }

    @Override
    @SuppressWarnings("unchecked")
    protected Iterator<Pair<K, Object>> compute(int split) throws Exception {
        Map<K, W> map = table.partition(split);
        Iterator<Pair<K, V>> records;
        if (source == other) {
            records = other.iterator(split);
        } else {
            records = ((RecordShuffle<Pair<K, V>>) source).read(split);
        }
        return new Iterator<>() {
            private Pair<K, Object> next;

            @Override
            public boolean hasNext() {
                while (next == null && records.hasNext()) {
                    Pair<K, V> r = records.next();
                    K key = r.key();
                    W w = map.get(key);
                    boolean found = w != null || map.containsKey(key);
                    if (outer) {
                        Optional<W> ow = found ? Optional.ofNullable(w) : Optional.empty();
                        next = new Pair<>(key, tableOnLeft ? new Pair<>(ow, r.value()) : new Pair<>(r.value(), ow));
                    } else if (found) {
                        next = new Pair<>(key, tableOnLeft ? new Pair<>(w, r.value()) : new Pair<>(r.value(), w));
                    }
                }
                return next != null;
            }

            @Override
            public Pair<K, Object> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Pair<K, Object> out = next;
                next = null;
                return out;
            }
        };
    }
}
