package dev.sluice.streaming;

import dev.sluice.engine.rdd.RddNode;
import java.util.Objects;
import java.util.Optional;

/** Converts between the public {@link Partitioner} and the engine's, so that equal ones stay equal. */
final class Partitioners {

    private Partitioners() {
    }

    /** A user's partitioner seen by the engine; equal when the user's partitioners are equal. */
    private record UserPartitioner(Partitioner user) implements dev.sluice.engine.rdd.Partitioner {
        @Override
        public int numPartitions() {
            return user.numPartitions();
        }

        @Override
        public int partition(Object key) {
            int p = user.getPartition(key);
            if (p < 0 || p >= user.numPartitions()) {
                throw new IllegalStateException(user + " put key " + key + " in partition " + p + ", outside [0, "
                        + user.numPartitions() + "); getPartition must return an index in that range");
            }
            return p;
        }
    }

    /** A partitioner of the engine's, shown to the user. */
    private static final class EnginePartitioner extends Partitioner {
        private final dev.sluice.engine.rdd.Partitioner engine;

        EnginePartitioner(dev.sluice.engine.rdd.Partitioner engine) {
            this.engine = engine;
        }

        @Override
        public int numPartitions() {
            return engine.numPartitions();
        }

        @Override
        public int getPartition(Object key) {
            return engine.partition(key);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EnginePartitioner e && e.engine.equals(engine);
        }

        @Override
        public int hashCode() {
            return engine.hashCode();
        }

        @Override
        public String toString() {
            return engine.toString();
        }
    }

    /** Returns the engine's form of {@code p}. */
    static dev.sluice.engine.rdd.Partitioner toEngine(Partitioner p) {
        Objects.requireNonNull(p, "partitioner");
        if (p instanceof HashPartitioner h) {
            return new dev.sluice.engine.rdd.HashPartitioner(h.numPartitions());
        }
        if (p instanceof EnginePartitioner e) {
            return e.engine;
        }
        return new UserPartitioner(p);
    }

    /** Returns the public form of {@code node}'s partitioner, if it has one. */
    static Optional<Partitioner> of(RddNode<?> node) {
        dev.sluice.engine.rdd.Partitioner p = node.partitioner();
        if (p == null) {
            return Optional.empty();
        }
        if (p instanceof dev.sluice.engine.rdd.HashPartitioner h) {
            return Optional.of(new HashPartitioner(h.numPartitions()));
        }
        if (p instanceof UserPartitioner u) {
            return Optional.of(u.user());
        }
        return Optional.of(new EnginePartitioner(p));
    }

    /** Returns a hash partitioner of {@code numPartitions} partitions. */
    static dev.sluice.engine.rdd.Partitioner hash(int numPartitions) {
        return new dev.sluice.engine.rdd.HashPartitioner(numPartitions);
    }
}
