package dev.sluice.engine.rdd;

/**
 * Partitions keys by their hash code modulo the number of partitions (null goes to partition 0).
 *
 * @param numPartitions the number of partitions, at least 1
 */
public record HashPartitioner(int numPartitions) implements Partitioner {

    /** Checks the number of partitions. */
    public HashPartitioner {
        if (numPartitions < 1) {
            throw new IllegalArgumentException("number of partitions must be at least 1, got " + numPartitions);
        }
    }

    @Override
    public int partition(Object key) {
        if (key == null || numPartitions == 1) {
            return 0;
        }
        int h = key.hashCode();
        // For a power of two, the mask is floorMod's result without the division.
        return (numPartitions & (numPartitions - 1)) == 0 ? h & (numPartitions - 1) : Math.floorMod(h, numPartitions);
    }
}
