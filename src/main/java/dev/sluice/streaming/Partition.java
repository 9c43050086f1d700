package dev.sluice.streaming;

/**
 * One partition of an {@link RDD}, as {@link RDD#partitions()} lists them.
 *
 * @param index the partition's index, from 0 to {@code getNumPartitions() - 1}
 */
public record Partition(int index) {
}
