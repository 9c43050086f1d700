package dev.sluice.streaming;

import dev.sluice.engine.rdd.RddNode;
import java.util.List;

/**
 * A dataset of numbers, made by {@code mapToDouble} and its kin, with numeric summaries: sum,
 * mean, variance and standard deviation (population and sample), as Spark's {@code JavaDoubleRDD}.
 * Each summary is one pass over the data.
 *
 * <pre>{@code
 * double avgLength = words.mapToDouble(String::length).mean();
 * }</pre>
 */
public class DoubleRDD extends RDD<Double> {

    DoubleRDD(RddNode<Double> node) {
        super(node);
    }

    /** Count, sum and the sum of squared deviations from the mean (Welford's method, merged per partition). */
    private record Moments(long n, double mean, double m2) {
        Moments add(double x) {
            long n1 = n + 1;
            double delta = x - mean;
            double mean1 = mean + delta / n1;
            return new Moments(n1, mean1, m2 + delta * (x - mean1));
        }

        Moments merge(Moments o) {
            if (o.n == 0) {
                return this;
            }
            if (n == 0) {
                return o;
            }
            long total = n + o.n;
            double delta = o.mean - mean;
            return new Moments(total, mean + delta * o.n / total, m2 + o.m2 + delta * delta * n * o.n / total);
        }
    }

    private Moments moments() {
        List<Moments> parts = run("stats", () -> node.context().runJob(node, (s, it) -> {
            Moments m = new Moments(0, 0, 0);
            while (it.hasNext()) {
                m = m.add(it.next());
            }
            return m;
        }));
        Moments all = new Moments(0, 0, 0);
        for (Moments m : parts) {
            all = all.merge(m);
        }
        return all;
    }

    /** Returns the sum of the elements (0 for none). */
    public double sum() {
        return fold(0.0, Double::sum);
    }

    /** Returns the mean of the elements (NaN for none). */
    public double mean() {
        Moments m = moments();
        return m.n == 0 ? Double.NaN : m.mean;
    }

    /** Returns the population variance (NaN for none). */
    public double variance() {
        Moments m = moments();
        return m.n == 0 ? Double.NaN : m.m2 / m.n;
    }

    /** Returns the population standard deviation (NaN for none). */
    public double stdev() {
        return Math.sqrt(variance());
    }

    /** Returns the sample variance, dividing by n - 1 (NaN for fewer than two elements). */
    public double sampleVariance() {
        Moments m = moments();
        return m.n < 2 ? Double.NaN : m.m2 / (m.n - 1);
    }

    /** Returns the sample standard deviation (NaN for fewer than two elements). */
    public double sampleStdev() {
        return Math.sqrt(sampleVariance());
    }

    /**
     * Returns the greatest element.
     *
     * @throws UnsupportedOperationException if the dataset is empty
     */
    public double max() {
        return max(Double::compare);
    }

    /**
     * Returns the least element.
     *
     * @throws UnsupportedOperationException if the dataset is empty
     */
    public double min() {
        return min(Double::compare);
    }

    @Override
    public DoubleRDD cache() {
        super.cache();
        return this;
    }

    @Override
    public DoubleRDD filter(FilterFunction<Double> f) {
        return new DoubleRDD(filterNode(f));
    }
}
