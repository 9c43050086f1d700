package dev.sluice.sources;

import dev.sluice.streaming.DStream;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.PairDStream;
import dev.sluice.streaming.State;
import dev.sluice.streaming.StateSpec;
import dev.sluice.streaming.StreamingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The program the crash test runs in a child JVM and kills: recovers from (or starts) its
 * checkpoint directory, reads numbered records from a {@link FeederServer} with the reliable
 * {@link AckingLineReceiver}, and saves every batch's records and the running total of records
 * (updateStateByKey) with saveAsTextFiles, and the state of three stateful streams after every
 * batch: counts by record number modulo 5 (updateStateByKey), sums of record numbers modulo 3
 * (mapWithState snapshots), and counts modulo 4 over the last second (reduceByKeyAndWindow with
 * an inverse function). When a file {@code stop-now} appears in the output directory, it stops
 * gracefully ({@code stop(true)}), so a kill can land during a graceful stop. Arguments:
 * checkpoint directory, output directory, feeder port.
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
            DStream<Long> numbers = in.map(r -> Long.parseLong(r.substring(4))).name("numbers");
            numbers.mapToPair(n -> Pair.of(n % 5, 1L))
                    .updateStateByKey((Iterable<Long> values, Optional<Long> state) -> {
                        long n = state.orElse(0L);
                        for (long v : values) {
                            n += v;
                        }
                        return Optional.of(n);
                    })
                    .name("counts")
                    .saveAsTextFiles(out.resolve("counts").resolve("batch").toString(), "txt");
            numbers.mapToPair(n -> Pair.of(n % 3, n))
                    .mapWithState(StateSpec.function((Long key, Optional<Long> value, State<Long> state) -> {
                        long sum = state.getOption().orElse(0L) + value.orElse(0L);
                        state.update(sum);
                        return sum;
                    }))
                    .name("sums")
                    .stateSnapshots()
                    .saveAsTextFiles(out.resolve("sums").resolve("batch").toString(), "txt");
            PairDStream<Long, Long> window = numbers.mapToPair(n -> Pair.of(n % 4, 1L))
                    .reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, Duration.ofSeconds(1), Duration.ofMillis(200));
            window.name("window")
                    .filter(p -> p.value() != 0)
                    .saveAsTextFiles(out.resolve("window").resolve("batch").toString(), "txt");
            return c;
        });
        ssc.start();
        Path stopFile = out.resolve("stop-now");
        while (!ssc.awaitTerminationOrTimeout(Duration.ofMillis(20))) {
            if (Files.exists(stopFile)) {
                ssc.stop(true);
            }
        }
    }
}
