package dev.sluice.streaming;

/**
 * Puts a key in partition {@code hashCode mod numPartitions} (never negative; null in partition 0),
 * the partitioning that by-key operations use by default, as in Spark.
 */
public final class HashPartitioner extends Partitioner {

    private final int partitions;

    /**
     * Creates a partitioner of {@code partitions} partitions.
     *
     * @throws IllegalArgumentException if {@code partitions} is less than 1
     */
    public HashPartitioner(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("number of partitions must be at least 1, got " + partitions);
        }
        this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        return key == null ? 0 : Math.floorMod(key.hashCode(), partitions);
    }

    /** Hash partitioners are equal when their partition counts are. */
    @Override
    public boolean equals(Object other) {
        return other instanceof HashPartitioner h && h.partitions == partitions;
    }

    @Override
    public int hashCode() {
        return partitions;
    }

    @Override
    public String toString() {
        return "HashPartitioner(" + partitions + ")";
    }
}
