package dev.sluice.engine.plan;

import dev.sluice.streaming.KafkaSourceConfig;
import dev.sluice.streaming.Receiver;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Queue;

/** A source: a stream made from outside input, with no parent stream. */
public sealed interface SourceOp extends StreamOp {

    @Override
    default List<StreamOp> parents() {
        return List.of();
    }

    /**
     * {@code ssc.queueStream(queue[, oneAtATime[, defaultRDD]])}: each batch takes the next list of the queue (every
     * list when not one at a time); a batch that finds it empty is {@code defaultRdd} (an {@code RDD}) when not null.
     */
    record QueueStream(Queue<?> queue, boolean oneAtATime, Object defaultRdd) implements SourceOp {
        public QueueStream {
            Objects.requireNonNull(queue, "queue");
        }

        /** Without a default dataset. */
        public QueueStream(Queue<?> queue, boolean oneAtATime) {
            this(queue, oneAtATime, null);
        }

        @Override
        public String kind() {
            return "queueStream";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return "ssc.queueStream(queue" + (defaultRdd != null ? ", " + oneAtATime + ", defaultRDD" : oneAtATime ? "" : ", false") + ")";
        }
    }

    /** {@code ssc.socketTextStream(host, port)}: the lines a TCP server sends, through a receiver. */
    record SocketTextStream(String host, int port) implements SourceOp {
        public SocketTextStream {
            Objects.requireNonNull(host, "host");
        }

        @Override
        public String kind() {
            return "socketTextStream";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return "ssc.socketTextStream(" + Render.quote(host) + ", " + port + ")";
        }
    }

    /** {@code ssc.textFileStream(dir)}: the lines of new files in a directory. */
    record TextFileStream(Path dir) implements SourceOp {
        public TextFileStream {
            Objects.requireNonNull(dir, "dir");
        }

        @Override
        public String kind() {
            return "textFileStream";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return "ssc.textFileStream(" + Render.quote(dir.toString()) + ")";
        }
    }

    /** {@code ssc.binaryRecordsStream(dir, recordLength)}: the fixed-length records of new files in a directory. */
    record BinaryRecordsStream(Path dir, int recordLength) implements SourceOp {
        public BinaryRecordsStream {
            Objects.requireNonNull(dir, "dir");
            if (recordLength < 1) {
                throw new IllegalArgumentException("the record length of binaryRecordsStream must be at least 1, got " + recordLength);
            }
        }

        @Override
        public String kind() {
            return "binaryRecordsStream";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return "ssc.binaryRecordsStream(" + Render.quote(dir.toString()) + ", " + recordLength + ")";
        }
    }

    /** {@code ssc.rateStream(recordsPerSecond)}: 0, 1, 2, ... spread over the batches. */
    record RateStream(long recordsPerSecond) implements SourceOp {
        @Override
        public String kind() {
            return "rateStream";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return "ssc.rateStream(" + recordsPerSecond + ")";
        }
    }

    /** {@code ssc.receiverStream(receiver)}: the records a user's receiver stores. */
    record ReceiverStream(Receiver<?> receiver) implements SourceOp {
        public ReceiverStream {
            Objects.requireNonNull(receiver, "receiver");
        }

        @Override
        public String kind() {
            return "receiverStream";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return "ssc.receiverStream(new " + receiver.getClass().getSimpleName() + "(...))";
        }
    }

    /** {@code ssc.kafkaStream(config)}: the records of Kafka topics, read directly, one partition per Kafka partition. */
    record KafkaStream(KafkaSourceConfig config) implements SourceOp {
        public KafkaStream {
            Objects.requireNonNull(config, "config");
        }

        @Override
        public String kind() {
            return "kafkaStream";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return "ssc.kafkaStream(" + config + ")";
        }
    }
}
