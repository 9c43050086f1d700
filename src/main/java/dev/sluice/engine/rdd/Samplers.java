package dev.sluice.engine.rdd;

import java.util.Random;

/**
 * Spark's per-element samplers, drawing from one {@link XorShiftRandom} per partition: each call of
 * {@link Sampler#sample()} says how many times the next element is kept. With the same seed and
 * the same elements in the same order, they keep the elements Spark keeps.
 *
 * <ul>
 *   <li>{@link #bernoulli}: kept with probability {@code fraction}. For fractions up to 0.4 the
 *       gaps between kept elements are drawn from the geometric distribution (one draw per kept
 *       element), above that one uniform draw per element.
 *   <li>{@link #poisson}: kept a Poisson({@code fraction}) number of times. Up to 0.4 by gaps, as
 *       Spark, then a count of at least 1; above 0.4 Spark draws from commons-math3's Poisson
 *       distribution, which this class does not reproduce (the counts have the same distribution,
 *       not the same values).
 *   <li>{@link #cell}: kept when a uniform draw falls in {@code [lb, ub)}, for {@code randomSplit}.
 * </ul>
 *
 * <p>Not thread-safe: one sampler per task.
 */
public final class Samplers {

    /** The largest fraction sampled by gaps. */
    public static final double MAX_GAP_FRACTION = 0.4;
    /** Draws below this are raised to it before their logarithm is taken. */
    static final double RNG_EPSILON = 5e-11;
    /** The slack allowed when checking that a fraction or a split's bounds are in range. */
    public static final double ROUNDING_EPSILON = 1e-6;

    private Samplers() {
    }

    /** Says how many times to keep the next element. */
    @FunctionalInterface
    public interface Sampler {
        /** Returns how many times the next element is kept (0: dropped). */
        int sample();
    }

    /**
     * Returns the seeds of the partitions of a sample seeded with {@code seed}: the successive
     * {@code nextLong()} of a {@link java.util.Random} seeded with it, one per partition, as Spark's
     * sampled dataset gives its partitions.
     */
    public static long[] partitionSeeds(long seed, int numPartitions) {
        Random r = new Random(seed);
        long[] out = new long[numPartitions];
        for (int i = 0; i < numPartitions; i++) {
            out[i] = r.nextLong();
        }
        return out;
    }

    /** Keeps each element with probability {@code fraction}. */
    public static Sampler bernoulli(double fraction, long seed) {
        XorShiftRandom rng = new XorShiftRandom(seed);
        if (fraction <= 0.0) {
            return () -> 0;
        }
        if (fraction >= 1.0) {
            return () -> 1;
        }
        if (fraction <= MAX_GAP_FRACTION) {
            double lnq = Math.log1p(-fraction);
            return new Gaps(rng) {
                @Override
                int keep() {
                    return 1;
                }

                @Override
                int skip() {
                    return (int) (Math.log(Math.max(rng.nextDouble(), RNG_EPSILON)) / lnq);
                }
            }.start();
        }
        return () -> rng.nextDouble() <= fraction ? 1 : 0;
    }

    /** Keeps each element a Poisson-distributed number of times with mean {@code fraction}. */
    public static Sampler poisson(double fraction, long seed) {
        XorShiftRandom rng = new XorShiftRandom(seed);
        if (fraction <= 0.0) {
            return () -> 0;
        }
        if (fraction <= MAX_GAP_FRACTION) {
            double q = Math.exp(-fraction);
            return new Gaps(rng) {
                @Override
                int keep() {
                    // a Poisson count conditioned on being at least 1
                    double pp = q + (1.0 - q) * rng.nextDouble();
                    int r = 1;
                    pp *= rng.nextDouble();
                    while (pp > q) {
                        r++;
                        pp *= rng.nextDouble();
                    }
                    return r;
                }

                @Override
                int skip() {
                    return (int) (Math.log(Math.max(rng.nextDouble(), RNG_EPSILON)) / -fraction);
                }
            }.start();
        }
        return () -> poissonCount(rng, fraction);
    }

    /** A Poisson count with mean {@code mean} by multiplying uniform draws (in steps of at most 30 for large means). */
    public static int poissonCount(Random r, double mean) {
        int k = 0;
        double rest = mean;
        while (rest > 0) {
            double step = Math.min(rest, 30.0);
            rest -= step;
            double limit = Math.exp(-step);
            double p = r.nextDouble();
            while (p > limit) {
                k++;
                p *= r.nextDouble();
            }
        }
        return k;
    }

    /** Keeps an element when a uniform draw falls in {@code [lb, ub)}. */
    public static Sampler cell(double lb, double ub, long seed) {
        XorShiftRandom rng = new XorShiftRandom(seed);
        if (ub - lb <= 0.0) {
            return () -> 0;
        }
        return () -> {
            double x = rng.nextDouble();
            return x >= lb && x < ub ? 1 : 0;
        };
    }

    /** Sampling by gaps: after each kept element, the number of elements to drop next is drawn. */
    private abstract static class Gaps implements Sampler {
        final XorShiftRandom rng;
        private int drop;

        Gaps(XorShiftRandom rng) {
            this.rng = rng;
        }

        /** Draws the first gap (Spark draws it when the sampler is made). */
        Gaps start() {
            drop = skip();
            return this;
        }

        /** Returns how many times a kept element is kept. */
        abstract int keep();

        /** Returns how many elements to drop after a kept one. */
        abstract int skip();

        @Override
        public int sample() {
            if (drop > 0) {
                drop--;
                return 0;
            }
            int k = keep();
            drop = skip();
            return k;
        }
    }
}
