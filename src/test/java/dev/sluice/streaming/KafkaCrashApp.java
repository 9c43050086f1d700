package dev.sluice.streaming;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The program the Kafka crash test runs in a child JVM and kills: recovers from (or starts) its
 * checkpoint directory, reads a topic from a real broker with {@link StreamingContext#kafkaStream}
 * and saves every batch's record values with saveAsTextFiles. Arguments: checkpoint directory,
 * output directory, bootstrap servers, topic, group. With {@code -Dsluice.kafka.crash.pauseMs=N}
 * every batch ends with an output that sleeps N ms after the save, so kills fall more often
 * between a batch's save, its checkpoint and the commit of its offsets.
 */
public final class KafkaCrashApp {

    private KafkaCrashApp() {
    }

    /** Runs until killed. */
    public static void main(String[] args) throws Exception {
        Path checkpoint = Path.of(args[0]);
        Path out = Path.of(args[1]);
        long pauseMs = Long.getLong("sluice.kafka.crash.pauseMs", 0);
        StreamingContext ssc = StreamingContext.getOrCreate(checkpoint, () -> {
            StreamingContext c = StreamingContext.builder()
                    .batchInterval(Duration.ofMillis(200))
                    .parallelism(2)
                    .checkpointDir(checkpoint)
                    .checkpointInterval(Duration.ofMillis(400))
                    .build();
            KafkaSourceConfig config = KafkaSourceConfig.builder().bootstrapServers(args[2]).topics(args[3]).groupId(args[4])
                    .startingOffsets(KafkaSourceConfig.StartingOffsets.EARLIEST).requestTimeout(Duration.ofSeconds(5)).build();
            DStream<String> values = c.kafkaStream(config).name("topic").map(r -> r.value());
            values.saveAsTextFiles(out.resolve("records").resolve("batch").toString(), "txt");
            if (pauseMs > 0) {
                // widens the windows between a batch's save, its checkpoint and its commit
                values.foreachRDD(rdd -> Thread.sleep(pauseMs));
            }
            return c;
        });
        ssc.start();
        ssc.awaitTermination();
    }
}
