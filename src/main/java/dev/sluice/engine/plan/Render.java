package dev.sluice.engine.plan;

import java.time.Duration;

/** Formats the parameters of operators in their native strings. */
final class Render {

    private Render() {
    }

    /** {@code 2s}, {@code 1500ms}, {@code 5min}. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "min";
        }
        if (ms != 0 && ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    /** {@code ", n"} when a number of partitions was given, else nothing. */
    static String partitions(int numPartitions) {
        return numPartitions > 0 ? ", " + numPartitions : "";
    }

    /** {@code ", partitioner"} when a partitioner was given, else {@link #partitions(int)}. */
    static String partitions(int numPartitions, Object partitioner) {
        return partitioner != null ? ", partitioner" : partitions(numPartitions);
    }

    /** A Java string literal. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static void requirePartitions(int numPartitions) {
        if (numPartitions < 0) {
            throw new IllegalArgumentException("number of partitions must not be negative (0: the default), got " + numPartitions);
        }
    }
}
