package dev.sluice.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.streaming.DStream;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.PairDStream;
import dev.sluice.streaming.PairRDD;
import dev.sluice.streaming.RDD;
import dev.sluice.streaming.StreamingContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * The per-element, per-partition and per-batch operators, the aggregates, and the queue and rate
 * sources: the same batches on the embedded engine and on Spark ({@code local[2]}).
 */
class ElementOperatorsDifferentialTest {

    /** Lines of words, with an empty batch. */
    static final List<List<String>> LINES = List.of(
            List.of("a b a", "c", "d e"),
            List.of(),
            List.of("b c d", "a"),
            List.of("d d e", "f g", "a", "h"),
            List.of("a"));

    /** Another stream's lines, for unions and transforms of two streams. */
    static final List<List<String>> OTHER = List.of(
            List.of("a", "x"),
            List.of("b"),
            List.of(),
            List.of("d x"),
            List.of("w"));

    @Test
    void elementPartitionAndBatchOperatorsGiveTheSameBatches() throws Exception {
        Differential.Both both = Differential.both(5, List.of(LINES, OTHER), env -> {
            DStream<String> lines = env.input(0);
            DStream<String> other = env.input(1);
            DStream<String> words = lines.flatMap(l -> Arrays.asList(l.split(" ")));
            env.collect("map", lines.map(String::toUpperCase));
            env.collect("flatMap", words);
            env.collect("filter", words.filter(w -> !w.equals("a")));
            // the partitions as they come: each element with its partition's size and its index in it
            env.collect("mapPartitions", lines.mapPartitions(ElementOperatorsDifferentialTest::positions));
            env.collect("mapToPair", words.mapToPair(w -> Pair.of(w, w.length())));
            env.collect("flatMapToPair", lines.flatMapToPair(l -> List.of(Pair.of(l, 1), Pair.of(l, 2))));
            env.collect("mapPartitionsToPair", lines.mapPartitionsToPair(it -> {
                List<Pair<String, Integer>> out = new ArrayList<>();
                int i = 0;
                while (it.hasNext()) {
                    out.add(Pair.of(it.next(), i++));
                }
                return out.iterator();
            }));
            env.collectOrdered("glom", lines.glom());
            env.collect("union", words.union(other));
            env.collect("union of pairs", words.mapToPair(w -> Pair.of(w, 1)).union(other.mapToPair(w -> Pair.of(w, 2))));
            DStream<String> spread = words.repartition(3);
            env.collect("repartition", spread);
            env.collect("repartition partitions", spread.glom().count());
            env.collect("filter of pairs then reduceByKey",
                    words.mapToPair(w -> Pair.of(w, 1)).filter(p -> !p.key().equals("d")).reduceByKey(Integer::sum));
            DStream<String> cached = words.map(w -> w + "!").cache();
            env.collect("cache", cached);
            env.collect("cache, read twice", cached.union(cached));
            env.collectOrdered("transform with sortByKey", words.mapToPair(w -> Pair.of(w, 1)).reduceByKey(Integer::sum)
                    .transformToPair(rdd -> PairRDD.of(rdd).sortByKey(false)));
            env.collectOrdered("transform with sortBy", words.transform(rdd -> rdd.sortBy(w -> w)));
            env.collect("transform with time", words.transform((rdd, time) -> rdd.map(w -> w + "@" + time.milliseconds())));
            env.collect("transformToPair with time", words.transformToPair((rdd, time) -> rdd.mapToPair(w -> Pair.of(w, time.milliseconds()))));
            StreamingContext ssc = env.ssc;
            env.collect("transform to a new RDD", words.transform(rdd -> ssc.parallelize(List.of(rdd.count()))));
            env.collectEmpty("transform to an empty RDD", words.transform(rdd -> ssc.emptyRDD()));
            env.collect("transformWith", words.transformWith(other, (a, b, time) -> a.subtract(b).union(b.map(x -> x + "'"))));
            env.collect("transformWithToPair", words.transformWithToPair(other,
                    (a, b, time) -> a.mapToPair(w -> Pair.of(w, 1)).join(b.mapToPair(w -> Pair.of(w.substring(0, 1), 2)))
                            .mapToPair(p -> Pair.of(p.key(), p.value().key() + p.value().value()))));
            PairDStream<String, Integer> keyed = words.mapToPair(w -> Pair.of(w, 1));
            env.collect("ssc.transform", env.ssc.transform(List.of(words, other, keyed), (rdds, time) -> {
                @SuppressWarnings("unchecked")
                RDD<String> a = (RDD<String>) rdds.get(0);
                @SuppressWarnings("unchecked")
                RDD<String> b = (RDD<String>) rdds.get(1);
                long pairs = rdds.get(2).count();
                return a.union(b).map(x -> x + " " + pairs + " " + time.milliseconds());
            }));
            env.collect("ssc.transformToPair", env.ssc.transformToPair(List.of(words, other), (rdds, time) -> {
                @SuppressWarnings("unchecked")
                RDD<String> a = (RDD<String>) rdds.get(0);
                return a.mapToPair(w -> Pair.of(w, rdds.size()));
            }));
            env.collect("count", words.count());
            env.collect("countByValue", words.countByValue());
            env.collect("countByValue(3)", words.countByValue(3));
            env.collect("reduce", words.reduce((a, b) -> a.compareTo(b) >= 0 ? a : b));
        });
        assertEquals(List.of(new Differential.Batch(1000, List.of("A B A", "C", "D E")), new Differential.Batch(2000, List.of()),
                new Differential.Batch(3000, List.of("A", "B C D")), new Differential.Batch(4000, List.of("A", "D D E", "F G", "H")),
                new Differential.Batch(5000, List.of("A"))), both.spark().of("map"));
        both.assertSameOutputs();
    }

    private static Iterator<String> positions(Iterator<String> it) {
        List<String> all = new ArrayList<>();
        it.forEachRemaining(all::add);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            out.add(all.get(i) + " " + i + "/" + all.size());
        }
        return out.iterator();
    }

    @Test
    void queueWithADefaultDatasetAllAtOnceAndRateSourcesGiveTheSameBatches() throws Exception {
        Differential.Both both = Differential.both(4, List.of(LINES), env -> {
            Queue<List<String>> some = new ConcurrentLinkedQueue<>(List.of(List.of("p", "q"), List.of()));
            env.collect("queue with a default", env.ssc.queueStream(some, true, env.ssc.parallelize(List.of("default", "d2"))));
            Queue<List<String>> all = new ConcurrentLinkedQueue<>(List.of(List.of("r"), List.of("s", "t"), List.of()));
            env.collect("queue, all at once", env.ssc.queueStream(all, false));
            env.collect("rate", env.ssc.rateStream(5));
            env.collectOrdered("rate, partitions", env.ssc.rateStream(7).glom());
        });
        both.assertSameOutputs();
        assertEquals(List.of(new Differential.Batch(1000, List.of("p", "q")), new Differential.Batch(2000, List.of()),
                new Differential.Batch(3000, List.of("d2", "default")), new Differential.Batch(4000, List.of("d2", "default"))),
                both.spark().of("queue with a default"));
        assertEquals("[1000: [0, 1, 2, 3, 4], 2000: [5, 6, 7, 8, 9], 3000: [10, 11, 12, 13, 14], 4000: [15, 16, 17, 18, 19]]",
                both.spark().of("rate").toString());
    }
}
