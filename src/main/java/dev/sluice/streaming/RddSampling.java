package dev.sluice.streaming;

import dev.sluice.engine.rdd.MapPartitionsNode;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.engine.rdd.Samplers;
import dev.sluice.engine.rdd.XorShiftRandom;
import java.util.ArrayList;
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
 * Random samples of datasets, drawn as Spark 4.1.0 draws them (see {@link Samplers}): the same
 * seed over the same elements, in the same partitions and order, keeps the same elements, except
 * where a sample with replacement needs Poisson counts of mean above 0.4 (Spark draws those from
 * commons-math3; here they have the same distribution, not the same values). A sample is the same
 * each time it is computed as long as the parent yields the same elements in the same order.
 */
final class RddSampling {

    private RddSampling() {
    }

    static void checkFraction(boolean withReplacement, double fraction) {
        if (Double.isNaN(fraction) || fraction < 0) {
            throw new IllegalArgumentException("fraction must be nonnegative, got " + fraction);
        }
        if (!withReplacement && fraction > 1 + Samplers.ROUNDING_EPSILON) {
            throw new IllegalArgumentException("fraction must be at most 1 when sampling without replacement, got "
                    + fraction + "; use withReplacement = true to draw elements more than once");
        }
    }

    /**
     * Each element independently: kept with probability {@code fraction}, or kept a Poisson number of
     * times; partition i draws from the i-th {@code nextLong()} of a {@link Random} seeded with
     * {@code seed}, as Spark's sampled dataset does.
     */
    static <T> RddNode<T> sample(RddNode<T> node, boolean withReplacement, double fraction, long seed) {
        checkFraction(withReplacement, fraction);
        long[] seeds = Samplers.partitionSeeds(seed, node.numPartitions());
        return new MapPartitionsNode<T, T>(node, (split, it) -> {
            Samplers.Sampler sampler = withReplacement ? Samplers.poisson(fraction, seeds[split])
                    : Samplers.bernoulli(fraction, seeds[split]);
            return kept(it, sampler);
        }, true, "sample");
    }

    /** The elements of {@code it}, each as many times as {@code sampler} says. */
    private static <T> Iterator<T> kept(Iterator<T> it, Samplers.Sampler sampler) {
        List<T> out = new ArrayList<>();
        while (it.hasNext()) {
            T x = it.next();
            for (int k = sampler.sample(); k > 0; k--) {
                out.add(x);
            }
        }
        return out.iterator();
    }

    /**
     * Splits by one uniform draw per element, from a generator seeded with {@code seed} plus the
     * partition index: split i keeps the elements whose draw falls between the running sums of the
     * normalized weights before and after it (Spark's bounds, to the last bit).
     */
    static <T> List<RddNode<T>> randomSplit(RddNode<T> node, double[] weights, long seed) {
        Objects.requireNonNull(weights, "weights");
        double sum = 0;
        for (double w : weights) {
            if (Double.isNaN(w) || w < 0) {
                throw new IllegalArgumentException("weights must be nonnegative, got " + java.util.Arrays.toString(weights));
            }
            sum += w;
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("the sum of the weights must be positive, got " + java.util.Arrays.toString(weights));
        }
        double[] bounds = new double[weights.length + 1];
        for (int i = 0; i < weights.length; i++) {
            bounds[i + 1] = bounds[i] + weights[i] / sum;
        }
        List<RddNode<T>> out = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            double lb = bounds[i];
            double ub = bounds[i + 1];
            out.add(new MapPartitionsNode<T, T>(node, (split, it) -> kept(it, Samplers.cell(lb, ub, seed + split)),
                    true, "randomSplit"));
        }
        return out;
    }

    /** The most elements {@code takeSample} draws, as in Spark: room for ten standard deviations below Integer.MAX_VALUE. */
    private static final int MAX_SAMPLE = Integer.MAX_VALUE - (int) (10.0 * Math.sqrt(Integer.MAX_VALUE));

    /**
     * Returns {@code num} elements drawn at random, in random order, as Spark's {@code takeSample}:
     * a {@link Random} seeded with {@code seed} seeds a {@link #sample} with a fraction large enough
     * to give {@code num} elements with high probability (again, with its next seed, in the rare
     * case it gave fewer), then shuffles the sample and keeps the first {@code num}; without
     * replacement, {@code num} at least the count shuffles all elements.
     */
    static <T> List<T> takeSample(RddNode<T> node, boolean withReplacement, int num, long seed) {
        if (num < 0) {
            throw new IllegalArgumentException("cannot sample a negative number (" + num + ") of elements");
        }
        if (num > MAX_SAMPLE) {
            throw new IllegalArgumentException("cannot take a sample of more than " + MAX_SAMPLE + " elements, got " + num);
        }
        if (num == 0) {
            return new ArrayList<>();
        }
        long total = 0;
        for (long c : partitionCounts(node)) {
            total += c;
        }
        if (total == 0) {
            return new ArrayList<>();
        }
        Random rand = new Random(seed);
        if (!withReplacement && num >= total) {
            return shuffle(collect(node), rand);
        }
        double fraction = fractionForSampleSize(num, total, withReplacement);
        List<T> samples = collect(sample(node, withReplacement, fraction, rand.nextInt()));
        while (samples.size() < num) {
            samples = collect(sample(node, withReplacement, fraction, rand.nextInt()));
        }
        return new ArrayList<>(shuffle(samples, rand).subList(0, num));
    }

    private static <T> List<T> collect(RddNode<T> node) {
        List<List<T>> parts = RDD.run("takeSample", () -> node.context().runJob(node, (s, it) -> drain(it)));
        List<T> all = new ArrayList<>();
        parts.forEach(all::addAll);
        return all;
    }

    /** Fisher-Yates from the last element down, as Spark's {@code Utils.randomizeInPlace}. */
    private static <T> List<T> shuffle(List<T> list, Random rand) {
        for (int i = list.size() - 1; i >= 1; i--) {
            int j = rand.nextInt(i + 1);
            T tmp = list.get(j);
            list.set(j, list.get(i));
            list.set(i, tmp);
        }
        return list;
    }

    /**
     * The fraction to sample so that a sample of {@code total} elements has at least {@code num}
     * with high probability (Spark's bounds: a Poisson upper bound with replacement, a binomial one
     * with failure rate 1e-4 without).
     */
    static double fractionForSampleSize(int num, long total, boolean withReplacement) {
        if (withReplacement) {
            double s = num;
            double stdevs = s < 6.0 ? 12.0 : s < 16.0 ? 9.0 : 6.0;
            return Math.max(s + stdevs * Math.sqrt(s), 1e-10) / total;
        }
        double fraction = (double) num / total;
        double gamma = -Math.log(1e-4) / total;
        return Math.min(1, Math.max(1e-10, fraction + gamma + Math.sqrt(gamma * gamma + 2 * gamma * fraction)));
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

    /**
     * Each pair independently, with its key's fraction, drawing from a generator seeded with
     * {@code seed} plus the partition index, as Spark: without replacement the pairs Spark keeps;
     * with replacement, Spark's Poisson counts come from commons-math3 and are not reproduced.
     */
    static <K, V> RddNode<Pair<K, V>> sampleByKey(RddNode<Pair<K, V>> node, boolean withReplacement,
                                                  Map<K, Double> fractions, long seed) {
        checkFractions(withReplacement, fractions);
        Map<K, Double> rates = new HashMap<>(fractions);
        return new MapPartitionsNode<Pair<K, V>, Pair<K, V>>(node, (split, it) -> {
            Random r = new XorShiftRandom(seed + split);
            List<Pair<K, V>> out = new ArrayList<>();
            while (it.hasNext()) {
                Pair<K, V> x = it.next();
                double f = fractionOf(rates, x.key());
                if (withReplacement) {
                    for (int k = Samplers.poissonCount(r, f); k > 0; k--) {
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
