package dev.sluice.engine.rdd;

/**
 * Maps a key to one of a fixed number of partitions; equal partitioners put equal keys in equal
 * partitions. Serializable, so that a runner can partition on a cluster's executors.
 */
public interface Partitioner extends java.io.Serializable {

    /** Returns the number of partitions. */
    int numPartitions();

    /** Returns the partition of {@code key}, in {@code [0, numPartitions())}. */
    int partition(Object key);
}
