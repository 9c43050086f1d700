package dev.sluice.sources;

import dev.sluice.streaming.DStream;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.StreamingContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The program the crash test runs in a child JVM and kills: recovers from (or starts) its
 * checkpoint directory, reads numbered records from a {@link FeederServer} with the reliable
 * {@link AckingLineReceiver}, and saves every batch's records and the running total of records
 * (updateStateByKey) with saveAsTextFiles. Arguments: checkpoint directory, output directory,
 * feeder port.
 */
public final class CrashTestApp {

    private CrashTestApp() {
    }

    /** Runs until killed. */
    public static void main(String[] args) throws Exception {
        Path checkpoint = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int port = Integer.parseInt(args[2]);
        StreamingContext ssc = StreamingContext.getOrCreate(checkpoint, () -> {
            StreamingContext c = StreamingContext.builder()
                    .batchInterval(Duration.ofMillis(200))
                    .parallelism(2)
                    .checkpointDir(checkpoint)
                    .checkpointInterval(Duration.ofMillis(400))
                    .build();
            DStream<String> in = c.receiverStream(new AckingLineReceiver("127.0.0.1", port, 50)).name("feed");
            in.saveAsTextFiles(out.resolve("records").resolve("batch").toString(), "txt");
            in.mapToPair(r -> Pair.of("total", 1L))
                    .updateStateByKey((Iterable<Long> values, Optional<Long> state) -> {
                        long n = state.orElse(0L);
                        for (long v : values) {
                            n += v;
                        }
                        return Optional.of(n);
                    })
                    .name("total")
                    .saveAsTextFiles(out.resolve("total").resolve("batch").toString(), "txt");
            return c;
        });
        ssc.start();
        ssc.awaitTermination();
    }
}
