package dev.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Drives a context on a {@link ManualClock}: feeds queue streams, advances one batch interval at a
 * time and waits (bounded) for each batch to complete, and collects outputs per batch time.
 */
final class StreamTestKit implements AutoCloseable {

    static final Duration BATCH = Duration.ofSeconds(1);
    static final Duration WAIT = Duration.ofSeconds(20);

    final ManualClock clock = new ManualClock();
    final StreamingContext ssc;

    StreamTestKit() {
        this(StreamingContext.builder().batchInterval(BATCH).parallelism(2).clock(new ManualClock()));
    }

    private StreamTestKit(StreamingContext.Builder b) {
        this.ssc = b.clock(clock).build();
    }

    static StreamTestKit withRemember(Duration remember) {
        return new StreamTestKit(StreamingContext.builder().batchInterval(BATCH).parallelism(2).remember(remember));
    }

    /** Returns a queue stream that yields {@code batches} one per batch, then empty batches. */
    @SafeVarargs
    final <T> DStream<T> input(List<T>... batches) {
        Queue<List<T>> q = new ConcurrentLinkedQueue<>();
        for (List<T> b : batches) {
            q.add(b);
        }
        return ssc.queueStream(q);
    }

    /** Collects every batch of {@code stream}, keyed by batch time. */
    <T> Collector<T> collect(DStream<T> stream) {
        Collector<T> c = new Collector<>();
        c.handle = stream.foreachRDD((rdd, time) -> c.put(time.milliseconds(), rdd.collect()));
        return c;
    }

    /** Advances the clock one batch at a time for {@code n} batches, waiting for each. */
    void run(int n) throws InterruptedException {
        if (ssc.state() == StreamingContextState.INITIALIZED) {
            ssc.start();
        }
        for (int i = 0; i < n; i++) {
            clock.advance(BATCH);
            Time t = new Time(clock.millis());
            assertTrue(ssc.awaitBatch(t, WAIT), "batch " + t + " did not complete within " + WAIT);
        }
    }

    @Override
    public void close() {
        ssc.stop();
    }

    /** Batches collected from one stream. */
    static final class Collector<T> {
        private final Map<Long, List<T>> batches = Collections.synchronizedMap(new TreeMap<>());
        OutputHandle handle;

        void put(long time, List<T> data) {
            batches.put(time, data);
        }

        /** Returns the batches in time order (only the times the output ran). */
        List<List<T>> batches() {
            synchronized (batches) {
                return new ArrayList<>(batches.values());
            }
        }

        /** Returns the batches as sorted string lists, for order-insensitive comparison. */
        List<List<String>> sorted() {
            List<List<String>> out = new ArrayList<>();
            for (List<T> b : batches()) {
                List<String> s = new ArrayList<>();
                for (T x : b) {
                    s.add(String.valueOf(x));
                }
                Collections.sort(s);
                out.add(s);
            }
            return out;
        }

        /** Returns the batch times the output ran at. */
        List<Long> times() {
            synchronized (batches) {
                return new ArrayList<>(batches.keySet());
            }
        }

        List<T> at(long time) {
            return batches.get(time);
        }
    }
}
