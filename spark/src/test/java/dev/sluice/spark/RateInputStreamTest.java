package dev.sluice.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/**
 * The rate source's numbers on Spark: each batch takes those due since the last one, so batch times
 * that a restart of Spark's streaming context skipped lose none of them.
 */
class RateInputStreamTest {

    @Test
    void eachBatchTakesTheNumbersDueSinceTheLastOneAlsoAcrossSkippedBatchTimes() {
        AtomicLongArray position = new RateInputStream.Position().numbers;
        assertArrayEquals(new long[] {0, 4}, RateInputStream.take(position, 5000, 1000, 4), "the first batch: one interval's numbers");
        assertArrayEquals(new long[] {4, 8}, RateInputStream.take(position, 6000, 1000, 4));
        // a restart: the streaming context stopped after 6000, the new one's first batch is 9000
        assertArrayEquals(new long[] {8, 20}, RateInputStream.take(position, 9000, 1000, 4),
                "the batch after skipped times takes their numbers too");
        assertArrayEquals(new long[] {20, 24}, RateInputStream.take(position, 10000, 1000, 4));
        assertArrayEquals(new long[] {24, 24}, RateInputStream.take(position, 10000, 1000, 4), "a time taken again gives nothing twice");
    }

    @Test
    void fractionalRatesSpreadTheNumbersOverTheBatches() {
        AtomicLongArray position = new RateInputStream.Position().numbers;
        long[][] batches = new long[4][];
        for (int i = 0; i < 4; i++) {
            batches[i] = RateInputStream.take(position, 1000L * (i + 1), 1000, 3);
        }
        assertArrayEquals(new long[][] {{0, 3}, {3, 6}, {6, 9}, {9, 12}}, batches);
        AtomicLongArray slow = new RateInputStream.Position().numbers;
        assertArrayEquals(new long[] {0, 0}, RateInputStream.take(slow, 500, 500, 1), "half a second in: none due yet");
        assertArrayEquals(new long[] {0, 1}, RateInputStream.take(slow, 1000, 500, 1));
        assertArrayEquals(new long[] {1, 1}, RateInputStream.take(slow, 1500, 500, 1));
        assertArrayEquals(new long[] {1, 2}, RateInputStream.take(slow, 2000, 500, 1), "one number a second at 500 ms batches");
    }
}
