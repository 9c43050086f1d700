package dev.sluice.streaming;

import dev.sluice.engine.rdd.MapPartitionsNode;
import dev.sluice.engine.rdd.RddNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * Random samples of datasets. Every draw comes from a generator seeded with the seed plus the
 * partition index, so that a sample is the same each time it is computed (and so that the splits
 * of {@code randomSplit} never overlap) as long as the parent yields the same elements in the
 * same order.
 */
final class RddSampling {

    private RddSampling() {
    }

    /** Returns a generator for partition {@code split} of a sample seeded with {@code seed}. */
    static Random random(long seed, int split) {
        return new Random(seed + split);
    }

    /** Returns a Poisson-distributed count with mean {@code mean} (Knuth's method, split for large means). */
    static int poisson(Random r, double mean) {
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

    static void checkFraction(boolean withReplacement, double fraction) {
        if (Double.isNaN(fraction) || fraction < 0) {
            throw new IllegalArgumentException("fraction must be nonnegative, got " + fraction);
        }
        if (!withReplacement && fraction > 1) {
            throw new IllegalArgumentException("fraction must be at most 1 when sampling without replacement, got "
                    + fraction + "; use withReplacement = true to draw elements more than once");
        }
    }

    /** Each element independently: kept with probability {@code fraction}, or kept a Poisson number of times. */
    static <T> RddNode<T> sample(RddNode<T> node, boolean withReplacement, double fraction, long seed) {
        checkFraction(withReplacement, fraction);
        return new MapPartitionsNode<T, T>(node, (split, it) -> {
            Random r = random(seed, split);
            List<T> out = new ArrayList<>();
            while (it.hasNext()) {
                T x = it.next();
                if (withReplacement) {
                    for (int k = poisson(r, fraction); k > 0; k--) {
                        out.add(x);
                    }
                } else if (r.nextDouble() < fraction) {
                    out.add(x);
                }
            }
            return out.iterator();
        }, true, "sample");
    }

    /** Splits by one uniform draw per element: split i keeps the elements whose draw falls in its share. */
    static <T> List<RddNode<T>> randomSplit(RddNode<T> node, double[] weights, long seed) {
        Objects.requireNonNull(weights, "weights");
        double sum = 0;
        for (double w : weights) {
            if (Double.isNaN(w) || w < 0) {
                throw new IllegalArgumentException("weights must be nonnegative, got " + w);
            }
            sum += w;
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("the sum of the weights must be positive, got " + sum);
        }
        List<RddNode<T>> out = new ArrayList<>();
        double lower = 0;
        for (int i = 0; i < weights.length; i++) {
            double lb = lower / sum;
            double ub = i == weights.length - 1 ? 1.0 : (lower + weights[i]) / sum;
            lower += weights[i];
            out.add(new MapPartitionsNode<T, T>(node, (split, it) -> {
                Random r = random(seed, split);
                List<T> kept = new ArrayList<>();
                while (it.hasNext()) {
                    T x = it.next();
                    double d = r.nextDouble();
                    if (d >= lb && d < ub) {
                        kept.add(x);
                    }
                }
                return kept.iterator();
            }, true, "randomSplit"));
        }
        return out;
    }

    /** Returns {@code num} elements drawn at random, in random order. */
    static <T> List<T> takeSample(RddNode<T> node, boolean withReplacement, int num, long seed) {
        if (num < 0) {
            throw new IllegalArgumentException("cannot sample a negative number (" + num + ") of elements");
        }
        if (num == 0) {
            return new ArrayList<>();
        }
        if (!withReplacement) {
            // Each element gets a random rank; the num lowest ranks are a uniform sample, in random order.
            RddNode<Pair<Double, T>> ranked = new MapPartitionsNode<T, Pair<Double, T>>(node, (split, it) -> {
                Random r = random(seed, split);
                List<Pair<Double, T>> out = new ArrayList<>();
                it.forEachRemaining(x -> out.add(new Pair<>(r.nextDouble(), x)));
                return out.iterator();
            }, false, "takeSample");
            List<Pair<Double, T>> lowest = RddActions.takeOrdered(ranked, num, (a, b) -> Double.compare(a.key(), b.key()));
            List<T> out = new ArrayList<>();
            lowest.forEach(p -> out.add(p.value()));
            return out;
        }
        long[] counts = partitionCounts(node);
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return new ArrayList<>();
        }
        Random r = new Random(seed);
        long[] picks = new long[num];
        for (int i = 0; i < num; i++) {
            picks[i] = (long) (r.nextDouble() * total);
        }
        java.util.Arrays.sort(picks);
        long[] starts = new long[counts.length];
        for (int p = 1; p < counts.length; p++) {
            starts[p] = starts[p - 1] + counts[p - 1];
        }
        List<List<T>> parts = RDD.run("takeSample", () -> node.context().runJob(node, (split, it) -> {
            List<T> got = new ArrayList<>();
            long index = starts[split];
            int at = lowerBound(picks, index);
            while (it.hasNext() && at < picks.length) {
                T x = it.next();
                while (at < picks.length && picks[at] == index) {
                    got.add(x);
                    at++;
                }
                index++;
            }
            return got;
        }));
        List<T> out = new ArrayList<>();
        parts.forEach(out::addAll);
        Collections.shuffle(out, r);
        return out;
    }

    private static int lowerBound(long[] sorted, long value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Returns the number of elements of each partition. */
    static long[] partitionCounts(RddNode<?> node) {
        List<Long> counts = RDD.run("count", () -> node.context().runJob(node, (s, it) -> {
            long n = 0;
            for (; it.hasNext(); it.next()) {
                n++;
            }
            return n;
        }));
        long[] out = new long[counts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = counts.get(i);
        }
        return out;
    }

    private static double fractionOf(Map<?, Double> fractions, Object key) {
        Double f = fractions.get(key);
        if (f == null) {
            throw new NoSuchElementException("no sampling fraction for key " + key + "; give every key a fraction");
        }
        return f;
    }

    private static void checkFractions(boolean withReplacement, Map<?, Double> fractions) {
        Objects.requireNonNull(fractions, "fractions");
        fractions.values().forEach(f -> checkFraction(withReplacement, Objects.requireNonNull(f, "fraction")));
    }

    /** Each pair independently, with its key's fraction. */
    static <K, V> RddNode<Pair<K, V>> sampleByKey(RddNode<Pair<K, V>> node, boolean withReplacement,
                                                  Map<K, Double> fractions, long seed) {
        checkFractions(withReplacement, fractions);
        Map<K, Double> rates = new HashMap<>(fractions);
        return new MapPartitionsNode<Pair<K, V>, Pair<K, V>>(node, (split, it) -> {
            Random r = random(seed, split);
            List<Pair<K, V>> out = new ArrayList<>();
            while (it.hasNext()) {
                Pair<K, V> x = it.next();
                double f = fractionOf(rates, x.key());
                if (withReplacement) {
                    for (int k = poisson(r, f); k > 0; k--) {
                        out.add(x);
                    }
                } else if (r.nextDouble() < f) {
                    out.add(x);
                }
            }
            return out.iterator();
        }, true, "sampleByKey");
    }

    /**
     * Exactly {@code ceil(n * fraction)} pairs of each key that has n pairs. A first job counts each
     * key's pairs per partition; the pairs to keep are then chosen by their position among their
     * key's pairs, and a second pass keeps them.
     */
    static <K, V> RddNode<Pair<K, V>> sampleByKeyExact(RddNode<Pair<K, V>> node, boolean withReplacement,
                                                       Map<K, Double> fractions, long seed) {
        checkFractions(withReplacement, fractions);
        Map<K, Double> rates = new HashMap<>(fractions);
        List<Map<K, Long>> perPartition = RDD.run("sampleByKeyExact", () -> node.context().runJob(node, (s, it) -> {
            Map<K, Long> counts = new HashMap<>();
            it.forEachRemaining(p -> counts.merge(p.key(), 1L, Long::sum));
            return counts;
        }));
        List<Map<K, Long>> offsets = new ArrayList<>();
        Map<K, Long> totals = new HashMap<>();
        for (Map<K, Long> counts : perPartition) {
            offsets.add(new HashMap<>(totals));
            counts.forEach((k, n) -> totals.merge(k, n, Long::sum));
        }
        Map<K, Map<Long, Integer>> chosen = new HashMap<>();
        for (Map.Entry<K, Long> e : totals.entrySet()) {
            long n = e.getValue();
            long size = (long) Math.ceil(n * fractionOf(rates, e.getKey()));
            Random r = new Random(seed * 31 + Objects.hashCode(e.getKey()));
            Map<Long, Integer> times = new HashMap<>();
            if (withReplacement) {
                for (long i = 0; i < size; i++) {
                    times.merge((long) (r.nextDouble() * n), 1, Integer::sum);
                }
            } else {
                Set<Long> picked = new HashSet<>();
                for (long j = n - Math.min(size, n); j < n; j++) {  // Floyd's algorithm
                    long t = (long) (r.nextDouble() * (j + 1));
                    picked.add(picked.contains(t) ? j : t);
                }
                picked.forEach(i -> times.put(i, 1));
            }
            chosen.put(e.getKey(), times);
        }
        return new MapPartitionsNode<Pair<K, V>, Pair<K, V>>(node, (split, it) -> {
            Map<K, Long> seen = new HashMap<>(offsets.get(split));
            List<Pair<K, V>> out = new ArrayList<>();
            while (it.hasNext()) {
                Pair<K, V> x = it.next();
                long ordinal = seen.merge(x.key(), 1L, Long::sum) - 1;
                Integer k = chosen.getOrDefault(x.key(), Map.of()).get(ordinal);
                for (int i = k == null ? 0 : k; i > 0; i--) {
                    out.add(x);
                }
            }
            return out.iterator();
        }, true, "sampleByKeyExact");
    }

    /** Returns {@code it}'s elements as a list. */
    static <T> List<T> drain(Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
