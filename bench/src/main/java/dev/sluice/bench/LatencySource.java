package dev.sluice.bench;

/**
 * Where a W7 engine reads the feeder's lines: a socket text stream from 127.0.0.1:{@code port}, or a
 * Kafka topic ({@code bootstrap}, {@code topic} of {@code partitions} partitions) that {@link
 * LatencyFeeder} writes with a producer ({@code acks=1}, {@code linger.ms=lingerMs}).
 */
public record LatencySource(Kind kind, int port, String bootstrap, String topic, int partitions, int lingerMs) {
    /** The kind of source. */
    public enum Kind {
        /** A loopback TCP socket (the engine connects to the feeder's server). */
        SOCKET,
        /** A topic of a single-node Kafka broker on 127.0.0.1. */
        KAFKA
    }

    /**
     * Why W7 through Kafka has no Spark run: Spark's own Kafka direct stream at Spark's version is not
     * available to the benchmark (see bench/pom.xml), and another version would not be the Spark
     * under test.
     */
    public static final String SPARK_NOT_THROUGH_KAFKA = "not measured through Kafka: Spark's Kafka direct stream "
            + "(spark-streaming-kafka-0-10_2.13) 4.1.0 is not in the Maven repository reachable from this machine (it has "
            + "4.2.0 and 4.1.0-preview1 only), and a 4.2 connector on Spark 4.1.0 would not be the Spark under test";

    /** The producer's {@code acks} setting. */
    public static final String ACKS = "1";

    /** A socket source from 127.0.0.1:{@code port}. */
    static LatencySource socket(int port) {
        return new LatencySource(Kind.SOCKET, port, null, null, 0, 0);
    }

    /** A Kafka topic. */
    static LatencySource kafka(String bootstrap, String topic, int partitions, int lingerMs) {
        return new LatencySource(Kind.KAFKA, 0, bootstrap, topic, partitions, lingerMs);
    }

    /** Whether it is a Kafka topic. */
    public boolean isKafka() {
        return kind == Kind.KAFKA;
    }

    /** For the report's setup column. */
    public String describe() {
        return isKafka()
                ? describeKafka(partitions, lingerMs)
                : "source: loopback socket";
    }

    /** The setup words of a Kafka source (also the report's title). */
    static String describeKafka(int partitions, int lingerMs) {
        return "source: Kafka 4.1.1 single-node KRaft broker on 127.0.0.1 in its own JVM, topic of " + partitions
                + " partition" + (partitions == 1 ? "" : "s") + " (a key's records in one), producer in the engine's JVM with acks="
                + ACKS + ", linger.ms=" + lingerMs;
    }
}
