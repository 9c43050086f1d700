package dev.sluice.spark;

import dev.sluice.engine.plan.SourceOp;
import dev.sluice.streaming.RDD;
import java.util.Collection;
import java.util.Queue;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.streaming.api.java.JavaInputDStream;
import org.apache.spark.streaming.api.java.JavaReceiverInputDStream;
import org.apache.spark.streaming.dstream.InputDStream;

/** Translators of the sources. */
final class SourceTranslators {

    private SourceTranslators() {
    }

    static void register(SparkTranslators t) {
        t.stream(SourceOp.QueueStream.class, SourceTranslators::queue);
        t.stream(SourceOp.RateStream.class, SourceTranslators::rate);
        t.stream(SourceOp.SocketTextStream.class, SourceTranslators::socket);
        t.stream(SourceOp.TextFileStream.class, SourceTranslators::textFiles);
        t.stream(SourceOp.BinaryRecordsStream.class, SourceTranslators::binaryRecords);
        t.stream(SourceOp.ReceiverStream.class, SourceTranslators::receiver);
        t.stream(SourceOp.KafkaStream.class, SourceTranslators::kafka);
    }

    static Dataset queue(SourceOp.QueueStream op, Translation in) {
        Queue<? extends Collection<Object>> queue = Fns.cast(op.queue());
        JavaRDD<Object> defaultRdd = op.defaultRdd() == null ? null : in.toSpark((RDD<?>) op.defaultRdd());
        return input(in, op, new QueueInputStream(in.jssc.ssc(), queue, op.oneAtATime(), defaultRdd, in.runner.parallelism()));
    }

    static Dataset rate(SourceOp.RateStream op, Translation in) {
        // kept across restarts of Spark's streaming context, as Kafka's offsets and a directory's selection are
        RateInputStream.Position position = (RateInputStream.Position) in.sources.computeIfAbsent(op, o -> new RateInputStream.Position());
        return input(in, op, new RateInputStream(in.jssc.ssc(), op.recordsPerSecond(), in.runner.batchInterval().toMillis(),
                in.runner.parallelism(), position.numbers));
    }

    static Dataset socket(SourceOp.SocketTextStream op, Translation in) {
        JavaReceiverInputDStream<String> s = in.jssc.socketTextStream(op.host(), op.port(), StorageLevel.MEMORY_AND_DISK_SER());
        in.inputNames.put(s.inputDStream().id(), op.kind());
        return Dataset.ofElements(s, false);
    }

    /** A user's receiver, run on an executor inside Spark's receiver {@link HostedReceiver}; it must be serializable. */
    static Dataset receiver(SourceOp.ReceiverStream op, Translation in) {
        HostedReceiver.checkSerializable(op.receiver());
        dev.sluice.streaming.Receiver<Object> r = Fns.cast(op.receiver());
        JavaReceiverInputDStream<Object> s = in.jssc.receiverStream(new HostedReceiver(r, StorageLevel.MEMORY_AND_DISK_SER()));
        in.inputNames.put(s.inputDStream().id(), op.kind());
        return Dataset.ofElements(s, false);
    }

    /**
     * A Kafka stream read with kafka-clients: offset ranges planned on the driver (kept across
     * restarts of Spark's streaming context), read on the executors, committed after each batch.
     */
    static Dataset kafka(SourceOp.KafkaStream op, Translation in) {
        var runner = in.runner;
        KafkaInputStream.Offsets offsets = (KafkaInputStream.Offsets) in.sources.computeIfAbsent(op, o -> new KafkaInputStream.Offsets(
                op.config(), dev.sluice.engine.Micros.of(runner.batchInterval()), (message, error) -> runner.reportError(op.kind(), message, error)));
        in.jssc.addStreamingListener(offsets.committer());      // before the batch bridge: a batch is committed when awaitBatch sees it
        return input(in, op, new KafkaInputStream(in.jssc.ssc(), offsets));
    }

    /**
     * A directory's new files, chosen on the driver with the embedded engine's rules; the choice (what
     * was taken, what waits to be) is kept across restarts of Spark's streaming context, so a file
     * that arrives while it restarts is taken after it, and none twice.
     */
    static Dataset textFiles(SourceOp.TextFileStream op, Translation in) {
        return input(in, op, new DirectoryInputStream(in.jssc.ssc(), position(op, op.dir(), in), 0));
    }

    static Dataset binaryRecords(SourceOp.BinaryRecordsStream op, Translation in) {
        return input(in, op, new DirectoryInputStream(in.jssc.ssc(), position(op, op.dir(), in), op.recordLength()));
    }

    private static DirectoryInputStream.Position position(SourceOp op, java.nio.file.Path dir, Translation in) {
        var runner = in.runner;
        return (DirectoryInputStream.Position) in.sources.computeIfAbsent(op, o -> new DirectoryInputStream.Position(
                new dev.sluice.sources.FileSelection(dir, runner.fileStableMs(), (message, error) -> runner.reportError(op.kind(), message, error))));
    }

    private static Dataset input(Translation in, SourceOp op, InputDStream<Object> stream) {
        in.inputNames.put(stream.id(), op.kind());
        JavaInputDStream<Object> java = new JavaInputDStream<>(stream, scala.reflect.ClassTag$.MODULE$.apply(Object.class));
        return Dataset.ofElements(java, false);
    }
}
