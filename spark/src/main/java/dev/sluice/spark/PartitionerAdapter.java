package dev.sluice.spark;

/** Spark's partitioner over a user's Sluice {@link dev.sluice.streaming.Partitioner}. */
final class PartitionerAdapter extends org.apache.spark.Partitioner {

    private static final long serialVersionUID = 1L;
    private final dev.sluice.streaming.Partitioner partitioner;

    PartitionerAdapter(dev.sluice.streaming.Partitioner partitioner) {
        this.partitioner = partitioner;
    }

    /** Returns Spark's partitioner for a user's one, or a hash partitioner into {@code n} (the default when 0). */
    static org.apache.spark.Partitioner of(dev.sluice.streaming.Partitioner partitioner, int n, int parallelism) {
        if (partitioner != null) {
            return new PartitionerAdapter(partitioner);
        }
        return new org.apache.spark.HashPartitioner(n > 0 ? n : parallelism);
    }

    @Override
    public int numPartitions() {
        return partitioner.numPartitions();
    }

    @Override
    public int getPartition(Object key) {
        return partitioner.getPartition(key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartitionerAdapter a && a.partitioner.equals(partitioner);
    }

    @Override
    public int hashCode() {
        return partitioner.hashCode();
    }
}
