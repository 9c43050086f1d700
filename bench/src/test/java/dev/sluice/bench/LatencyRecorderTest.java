package dev.sluice.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Test
    void smallValuesAreExact() {
        LatencyRecorder r = new LatencyRecorder();
        for (long v = 1000; v >= 1; v--) {
            r.record(v);
        }
        assertEquals(1000, r.count());
        assertEquals(500, r.percentile(0.5));
        assertEquals(990, r.percentile(0.99));
        assertEquals(999, r.percentile(0.999));
        assertEquals(1000, r.percentile(1.0));
        assertEquals(1, r.percentile(0.0001));
        assertEquals(1000, r.max());
        assertEquals(1, r.min());
        assertEquals(500.5, r.mean(), 1e-9);
    }

    @Test
    void largeValuesAreWithinATenthOfAPercentAndNeverBelowTheTrueRank() {
        Random random = new Random(42);
        long[] values = new long[100_000];
        LatencyRecorder r = new LatencyRecorder();
        for (int i = 0; i < values.length; i++) {
            // 1 microsecond to about 2 seconds, spread over the powers of two
            values[i] = (long) Math.exp(Math.log(1_000) + random.nextDouble() * Math.log(2_000_000.0));
            r.record(values[i]);
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        for (double q : new double[] {0.01, 0.5, 0.9, 0.99, 0.999, 1.0}) {
            long exact = sorted[(int) Math.ceil(q * sorted.length) - 1];
            long got = r.percentile(q);
            assertTrue(got >= exact, "q=" + q + ": " + got + " below the exact " + exact);
            assertTrue(got <= exact + exact / 1000, "q=" + q + ": " + got + " more than 0.1% above " + exact);
        }
        assertEquals(sorted[sorted.length - 1], r.max());
        assertEquals(sorted[sorted.length - 1], r.percentile(1.0));
    }

    @Test
    void aPercentileIsNeverAboveTheMaximum() {
        LatencyRecorder r = new LatencyRecorder();
        r.record(1_000_001);
        r.record(1_000_001);
        assertEquals(1_000_001, r.percentile(0.5));
        assertEquals(1_000_001, r.percentile(0.99));
    }

    @Test
    void bucketsAreContiguousAndTheirBoundsRoundTrip() {
        long previousUpper = -1;
        for (int i = 0; i < 10 * 1024; i++) {
            long upper = LatencyRecorder.upper(i);
            assertTrue(upper > previousUpper, "bucket " + i);
            assertEquals(i, LatencyRecorder.index(upper), "upper bound of bucket " + i);
            assertEquals(i, LatencyRecorder.index(previousUpper + 1), "lower bound of bucket " + i);
            previousUpper = upper;
        }
        assertTrue(LatencyRecorder.index(Long.MAX_VALUE) > 0);
        assertEquals(Long.MAX_VALUE, LatencyRecorder.upper(LatencyRecorder.index(Long.MAX_VALUE)));
    }

    @Test
    void negativeLatenciesAreCountedApartAsZero() {
        LatencyRecorder r = new LatencyRecorder();
        r.record(-5);
        r.record(10);
        assertEquals(1, r.negative());
        assertEquals(2, r.count());
        assertEquals(0, r.percentile(0.5));
        assertEquals(0, r.min());
    }

    @Test
    void emptyRecorderAndBadQuantiles() {
        LatencyRecorder r = new LatencyRecorder();
        assertEquals(-1, r.percentile(0.99));
        assertEquals(-1, r.max());
        assertTrue(Double.isNaN(r.mean()));
        assertThrows(IllegalArgumentException.class, () -> r.percentile(0));
        assertThrows(IllegalArgumentException.class, () -> r.percentile(1.5));
    }
}
