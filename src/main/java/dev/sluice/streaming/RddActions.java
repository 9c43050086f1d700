package dev.sluice.streaming;

import dev.sluice.engine.rdd.RddNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The actions of {@link RDD} beyond collect and count: ordered takes, folds and aggregates,
 * counting by value, and reading partitions one at a time. Each runs one job (one task per
 * partition) and combines the partition results in partition order.
 */
final class RddActions {

    private RddActions() {
    }

    /** Returns the {@code n} least elements by {@code order}, least first; equal elements keep dataset order. */
    static <T> List<T> takeOrdered(RddNode<T> node, int n, Comparator<? super T> order) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot take a negative number (" + n + ") of elements");
        }
        if (n == 0) {
            return new ArrayList<>();
        }
        List<List<T>> parts = RDD.run("takeOrdered", () -> node.context().runJob(node, (s, it) -> {
            List<T> all = new ArrayList<>();
            it.forEachRemaining(all::add);
            all.sort(order);
            return new ArrayList<>(all.subList(0, Math.min(n, all.size())));
        }));
        List<T> merged = new ArrayList<>();
        parts.forEach(merged::addAll);
        merged.sort(order);
        return new ArrayList<>(merged.subList(0, Math.min(n, merged.size())));
    }

    /** Returns the greatest element by {@code order}; of equal ones, the first in dataset order. */
    static <T> T max(RddNode<T> node, Comparator<? super T> order) {
        return RDD.of(node).reduce((a, b) -> order.compare(a, b) >= 0 ? a : b);
    }

    /** Returns the least element by {@code order}; of equal ones, the first in dataset order. */
    static <T> T min(RddNode<T> node, Comparator<? super T> order) {
        return RDD.of(node).reduce((a, b) -> order.compare(a, b) <= 0 ? a : b);
    }

    /** Folds each partition from a copy of {@code zero}, then the partition results from another copy. */
    static <T, U> U aggregate(String action, RddNode<T> node, U zero, Function2<U, ? super T, U> seqOp,
                              Function2<U, U, U> combOp) {
        Supplier<U> zeros = copier(zero);
        List<U> parts = RDD.run(action, () -> node.context().runJob(node, (s, it) -> {
            U acc = zeros.get();
            while (it.hasNext()) {
                acc = seqOp.call(acc, it.next());
            }
            return acc;
        }));
        return RDD.run(action, () -> {
            U result = zeros.get();
            for (U p : parts) {
                result = combOp.call(result, p);
            }
            return result;
        });
    }

    /** Returns the count of each distinct element. */
    static <T> Map<T, Long> countByValue(RddNode<T> node) {
        List<Map<T, Long>> parts = RDD.run("countByValue", () -> node.context().runJob(node, (s, it) -> {
            Map<T, Long> counts = new HashMap<>();
            it.forEachRemaining(x -> counts.merge(x, 1L, Long::sum));
            return counts;
        }));
        Map<T, Long> all = new HashMap<>();
        for (Map<T, Long> p : parts) {
            p.forEach((k, v) -> all.merge(k, v, Long::sum));
        }
        return all;
    }

    /** Returns the number of distinct elements (counted exactly, which is within any requested error). */
    static <T> long countApproxDistinct(RddNode<T> node, double relativeSD) {
        checkRelativeSD(relativeSD);
        List<Set<T>> parts = RDD.run("countApproxDistinct", () -> node.context().runJob(node, (s, it) -> {
            Set<T> seen = new HashSet<>();
            it.forEachRemaining(seen::add);
            return seen;
        }));
        Set<T> all = new HashSet<>();
        parts.forEach(all::addAll);
        return all.size();
    }

    static void checkRelativeSD(double relativeSD) {
        if (!(relativeSD > 0.000017)) {
            throw new IllegalArgumentException("relativeSD must be greater than 0.000017, got " + relativeSD);
        }
    }

    /** Returns the elements of the given partitions, one list per partition id. */
    @SuppressWarnings("unchecked")
    static <T> List<T>[] collectPartitions(RddNode<T> node, int[] partitionIds) {
        List<T>[] out = (List<T>[]) new List<?>[partitionIds.length];
        for (int i = 0; i < partitionIds.length; i++) {
            int id = partitionIds[i];
            if (id < 0 || id >= node.numPartitions()) {
                throw new IllegalArgumentException("partition " + id + " does not exist; this dataset has partitions 0 to "
                        + (node.numPartitions() - 1));
            }
            out[i] = partition(node, id);
        }
        return out;
    }

    private static <T> List<T> partition(RddNode<T> node, int id) {
        return RDD.run("collectPartitions", () -> node.context().runJob(node, id, 1, (s, it) -> {
            List<T> got = new ArrayList<>();
            it.forEachRemaining(got::add);
            return got;
        })).get(0);
    }

    /** Returns an iterator that computes one partition at a time, when the previous one is used up. */
    static <T> Iterator<T> toLocalIterator(RddNode<T> node) {
        return new Iterator<>() {
            private int next;
            private Iterator<T> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && next < node.numPartitions()) {
                    current = partition(node, next++).iterator();
                }
                return current.hasNext();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** Returns the only element of a reduce's partial results, or throws if there were none. */
    static <T> T single(Optional<T> result, String action) {
        return result.orElseThrow(() -> new UnsupportedOperationException(action + "() of an empty RDD"));
    }

    /**
     * Returns a supplier of copies of {@code zero}, so that functions that mutate their first
     * argument (as Spark allows) do not share it between partitions: a serializable zero is
     * copied by serialization, as Spark copies it; immutable values and others are reused.
     */
    @SuppressWarnings("unchecked")
    static <U> Supplier<U> copier(U zero) {
        if (zero == null || zero instanceof Number || zero instanceof String || zero instanceof Boolean
                || zero instanceof Character || zero instanceof Enum<?> || !(zero instanceof Serializable)) {
            return () -> zero;
        }
        byte[] bytes;
        try (ByteArrayOutputStream buffer = new ByteArrayOutputStream();
             ObjectOutputStream out = new ObjectOutputStream(buffer)) {
            out.writeObject(zero);
            out.flush();
            bytes = buffer.toByteArray();
        } catch (NotSerializableException e) {
            return () -> zero;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the zero value " + zero + ": " + e.getMessage(), e);
        }
        ClassLoader loader = zero.getClass().getClassLoader();
        return () -> {
            try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), loader)) {
                return (U) in.readObject();
            } catch (IOException | ClassNotFoundException e) {
                throw new IllegalStateException("cannot copy the zero value " + zero + ": " + e, e);
            }
        };
    }

    /** Resolves classes through the loader of the zero value's class first (a class typed in the shell). */
    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        LoaderObjectInputStream(java.io.InputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            if (loader != null) {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    // fall through to the default resolution
                }
            }
            return super.resolveClass(desc);
        }
    }
}
