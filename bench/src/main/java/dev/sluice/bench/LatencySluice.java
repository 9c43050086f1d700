package dev.sluice.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import dev.sluice.streaming.BatchInfo;
import dev.sluice.streaming.DStream;
import dev.sluice.streaming.KafkaRecord;
import dev.sluice.streaming.KafkaSourceConfig;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.PairDStream;
import dev.sluice.streaming.State;
import dev.sluice.streaming.StateSpec;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.StreamingListener;
import dev.sluice.streaming.WalSync;

/**
 * W7 on Sluice's embedded engine: {@code parallelism(2)}, {@code socketTextStream}, the block interval
 * equal to the batch interval (the job generator also cuts the receiver's block at every batch
 * boundary, so a line received before a batch's time is in that batch); or through Kafka, {@code
 * kafkaStream} (Sluice's direct stream: each batch reads, per partition, up to the end offset at the
 * batch boundary) from the latest offsets at the stream's start, the records' values as the lines.
 * A checkpoint directory for the window and state cases as Spark gets, with {@code walSync(NEVER)}
 * (Spark's checkpoint writer does not sync to the device either) and {@code logReceivedInput(false)}
 * (Spark logs no received records by default). Batch reports from Sluice's
 * {@code StreamingListener}.
 */
public final class LatencySluice implements LatencyEngine {

    @Override
    public String setup(long intervalMicros, LatencySource source) {
        return source.isKafka()
                ? "parallelism(2), kafkaStream (direct, one task per partition, from the latest offsets); " + source.describe()
                : "parallelism(2), socketTextStream, blockInterval = batch interval; " + source.describe()
                + "; (b), (c): checkpoint with walSync(NEVER), logReceivedInput(false)";
    }

    @Override
    public AutoCloseable start(LatencyCase c, long intervalMicros, LatencySource source, LatencySink sink) throws Exception {
        Duration interval = Duration.ofNanos(intervalMicros * 1000);
        Path checkpoint = c.needsCheckpoint() ? Files.createTempDirectory("sluice-w7-ckpt") : null;
        StreamingContext.Builder builder = StreamingContext.builder()
                .batchInterval(interval)
                .blockInterval(interval)
                .parallelism(2);
        if (checkpoint != null) {
            // Spark writes its checkpoints from a thread of their own, never waiting for the device,
            // and logs no received records unless spark.streaming.receiver.writeAheadLog.enable is set
            builder.checkpointDir(checkpoint).walSync(WalSync.NEVER).logReceivedInput(false);
        }
        StreamingContext ssc = builder.build();
        DStream<String> lines = source.isKafka()
                ? ssc.kafkaStream(KafkaSourceConfig.builder()
                        .bootstrapServers(source.bootstrap())
                        .topics(source.topic())
                        .groupId("w7-" + source.topic())
                        .startingOffsets(KafkaSourceConfig.StartingOffsets.LATEST)
                        .build()).map(KafkaRecord::value)
                : ssc.socketTextStream("127.0.0.1", source.port());
        pipeline(c, lines, interval).foreachRDD((rdd, time) -> LatencySink.output(rdd.collect()));
        ssc.addListener(new StreamingListener() {
            @Override
            public void onBatchCompleted(BatchInfo info) {
                sink.batch(info.batchTime().milliseconds(),
                        info.schedulingDelay().map(Duration::toNanos).orElse(-1L),
                        info.processingDelay().map(Duration::toNanos).orElse(0L));
            }
        });
        ssc.start();
        return () -> {
            ssc.stop();
            if (checkpoint != null) {
                SparkFreeFiles.deleteTree(checkpoint);
            }
        };
    }

    /** The case's transformations; every output element is a send stamp. */
    static DStream<Long> pipeline(LatencyCase c, DStream<String> lines, Duration interval) {
        switch (c) {
            case STATELESS:
                return lines.filter(line -> LatencyCase.kept(LatencyCase.seq(line))).map(LatencyCase::stamp);
            case WINDOW: {
                PairDStream<String, Long> stamped = stamped(lines);
                PairDStream<String, Long> counts = stamped.mapValues(stamp -> 1L)
                        .reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, Duration.ofMillis(LatencyCase.WINDOW_MS), interval);
                return stamped.join(counts).map(p -> p.value().value() >= 1 ? p.value().key() : LatencySink.INVALID);
            }
            case STATE:
                return stamped(lines).mapWithState(StateSpec.function(
                        (String key, Optional<Long> stamp, State<Long> state) -> {
                            state.update((state.exists() ? state.get() : 0L) + 1);
                            return stamp.orElse(LatencySink.INVALID);
                        }));
            default:
                throw new IllegalArgumentException(c.toString());
        }
    }

    private static PairDStream<String, Long> stamped(DStream<String> lines) {
        return lines.mapToPair(line -> Pair.of(LatencyCase.key(line), LatencyCase.stamp(line)));
    }
}
