package dev.sluice.streaming;

import java.io.Serializable;

/**
 * Decides which partition of a keyed dataset holds a key, for {@code partitionBy},
 * {@code repartitionAndSortWithinPartitions} and the by-key operations that take one. Equal
 * partitioners must put equal keys in equal partitions: datasets partitioned by equal
 * partitioners are joined and grouped without a shuffle. {@link HashPartitioner} is the usual one.
 *
 * <pre>{@code
 * PairRDD<String, Integer> byWord = counts.partitionBy(new HashPartitioner(4));
 * }</pre>
 */
public abstract class Partitioner implements Serializable {

    /** Returns the number of partitions. */
    public abstract int numPartitions();

    /** Returns the partition of {@code key}, in {@code [0, numPartitions())}. */
    public abstract int getPartition(Object key);
}
