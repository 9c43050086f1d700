package dev.sluice.streaming;

import dev.sluice.engine.rdd.CoGroupedNode;
import dev.sluice.engine.rdd.ElementStep;
import dev.sluice.engine.rdd.KeyedOps;
import dev.sluice.engine.rdd.LookupJoinNode;
import dev.sluice.engine.rdd.MapBackedNode;
import dev.sluice.engine.rdd.MapPartitionsNode;
import dev.sluice.engine.rdd.Partitioner;
import dev.sluice.engine.rdd.RddNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Joins and co-groups of keyed datasets, for {@link PairRDD}: the inputs
 * are co-grouped by key (shuffling those not already partitioned like the result), then each key's
 * groups are combined. A join with a window's or a state's pairs (materialized, partitioned like
 * the result) looks the other side's records up in them instead.
 */
final class PairJoins {

    private PairJoins() {
    }

    /** Which keys a join keeps: those in both inputs, or every key of the left, the right or either input. */
    enum JoinKind { INNER, LEFT, RIGHT, FULL }

    /** Returns the partitioner a by-key operation over {@code nodes} uses when none is given. */
    static Partitioner defaultPartitioner(List<? extends RddNode<?>> nodes) {
        return KeyedOps.defaultPartitioner(nodes.get(0).context(), nodes);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static <K> RddNode<Pair<K, Object[]>> cogroupRaw(List<? extends RddNode<? extends Pair<K, ?>>> inputs, Partitioner p) {
        return new CoGroupedNode<K>(inputs.get(0).context(), (List) List.copyOf(inputs), p);
    }

    @SuppressWarnings("unchecked")
    static <K, V, W, R> RddNode<Pair<K, R>> join(RddNode<Pair<K, V>> left, RddNode<Pair<K, W>> right,
                                                 JoinKind kind, Partitioner p) {
        // a window's or a state's pairs: look each record of the other side up instead of co-grouping
        if ((kind == JoinKind.INNER || kind == JoinKind.LEFT) && LookupJoinNode.isTable(right, p)) {
            return (RddNode<Pair<K, R>>) (RddNode<?>) new LookupJoinNode<>(left, (MapBackedNode<K, W>) right, false, kind == JoinKind.LEFT);
        }
        if ((kind == JoinKind.INNER || kind == JoinKind.RIGHT) && LookupJoinNode.isTable(left, p)) {
            return (RddNode<Pair<K, R>>) (RddNode<?>) new LookupJoinNode<>(right, (MapBackedNode<K, V>) left, true, kind == JoinKind.RIGHT);
        }
        RddNode<Pair<K, Object[]>> grouped = cogroupRaw(List.of(left, right), p);
        return new MapPartitionsNode<Pair<K, Object[]>, Pair<K, R>>(grouped, ElementStep.flatMap(g -> {
            List<V> vs = (List<V>) g.value()[0];
            List<W> ws = (List<W>) g.value()[1];
            K key = g.key();
            if (kind == JoinKind.INNER) {
                // most keys of a batch joined with a window's or a table's pairs are on one side only
                if (vs.isEmpty() || ws.isEmpty()) {
                    return List.of();
                }
                if (vs.size() == 1 && ws.size() == 1) {
                    return List.of(new Pair<>(key, (R) new Pair<>(vs.get(0), ws.get(0))));
                }
            }
            List<Pair<K, R>> out = new ArrayList<>();
            switch (kind) {
                case INNER -> {
                    for (V v : vs) {
                        for (W w : ws) {
                            out.add(new Pair<>(key, (R) new Pair<>(v, w)));
                        }
                    }
                }
                case LEFT -> {
                    for (V v : vs) {
                        if (ws.isEmpty()) {
                            out.add(new Pair<>(key, (R) new Pair<>(v, Optional.empty())));
                        }
                        for (W w : ws) {
                            out.add(new Pair<>(key, (R) new Pair<>(v, Optional.ofNullable(w))));
                        }
                    }
                }
                case RIGHT -> {
                    for (W w : ws) {
                        if (vs.isEmpty()) {
                            out.add(new Pair<>(key, (R) new Pair<>(Optional.empty(), w)));
                        }
                        for (V v : vs) {
                            out.add(new Pair<>(key, (R) new Pair<>(Optional.ofNullable(v), w)));
                        }
                    }
                }
                case FULL -> {
                    List<Optional<V>> ov = new ArrayList<>();
                    vs.forEach(v -> ov.add(Optional.ofNullable(v)));
                    List<Optional<W>> ow = new ArrayList<>();
                    ws.forEach(w -> ow.add(Optional.ofNullable(w)));
                    if (ov.isEmpty()) {
                        ov.add(Optional.empty());
                    }
                    if (ow.isEmpty()) {
                        ow.add(Optional.empty());
                    }
                    for (Optional<V> v : ov) {
                        for (Optional<W> w : ow) {
                            out.add(new Pair<>(key, (R) new Pair<>(v, w)));
                        }
                    }
                }
                default -> throw new IllegalStateException();
            }
            return out;
        }), true, "join");
    }

    @SuppressWarnings("unchecked")
    private static <X> Iterable<X> group(Object[] groups, int i) {
        return Collections.unmodifiableList((List<X>) groups[i]);
    }

    static <K, V, W> RddNode<Pair<K, Pair<Iterable<V>, Iterable<W>>>> cogroup(RddNode<Pair<K, V>> left,
                                                                              RddNode<Pair<K, W>> right, Partitioner p) {
        return new MapPartitionsNode<Pair<K, Object[]>, Pair<K, Pair<Iterable<V>, Iterable<W>>>>(cogroupRaw(List.of(left, right), p),
                ElementStep.map(g -> new Pair<>(g.key(), new Pair<>(PairJoins.<V>group(g.value(), 0), PairJoins.<W>group(g.value(), 1)))),
                true, "cogroup");
    }

    static <K, V, W1, W2> RddNode<Pair<K, Triple<Iterable<V>, Iterable<W1>, Iterable<W2>>>> cogroup(
            RddNode<Pair<K, V>> a, RddNode<Pair<K, W1>> b, RddNode<Pair<K, W2>> c, Partitioner p) {
        return new MapPartitionsNode<Pair<K, Object[]>, Pair<K, Triple<Iterable<V>, Iterable<W1>, Iterable<W2>>>>(
                cogroupRaw(List.of(a, b, c), p), ElementStep.map(g -> new Pair<>(g.key(), new Triple<>(
                        PairJoins.<V>group(g.value(), 0), PairJoins.<W1>group(g.value(), 1), PairJoins.<W2>group(g.value(), 2)))),
                true, "cogroup");
    }

    static <K, V, W1, W2, W3> RddNode<Pair<K, Quadruple<Iterable<V>, Iterable<W1>, Iterable<W2>, Iterable<W3>>>> cogroup(
            RddNode<Pair<K, V>> a, RddNode<Pair<K, W1>> b, RddNode<Pair<K, W2>> c, RddNode<Pair<K, W3>> d, Partitioner p) {
        return new MapPartitionsNode<Pair<K, Object[]>, Pair<K, Quadruple<Iterable<V>, Iterable<W1>, Iterable<W2>, Iterable<W3>>>>(
                cogroupRaw(List.of(a, b, c, d), p), ElementStep.map(g -> new Pair<>(g.key(), new Quadruple<>(
                        PairJoins.<V>group(g.value(), 0), PairJoins.<W1>group(g.value(), 1), PairJoins.<W2>group(g.value(), 2),
                        PairJoins.<W3>group(g.value(), 3)))),
                true, "cogroup");
    }
}
