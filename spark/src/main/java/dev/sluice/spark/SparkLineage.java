package dev.sluice.spark;

import dev.sluice.engine.rdd.AggregateShuffle;
import dev.sluice.engine.rdd.Aggregator;
import dev.sluice.engine.rdd.CartesianNode;
import dev.sluice.engine.rdd.CoGroupedNode;
import dev.sluice.engine.rdd.CoalescedNode;
import dev.sluice.engine.rdd.GroupShuffle;
import dev.sluice.engine.rdd.MapPartitionsNode;
import dev.sluice.engine.rdd.Partitioner;
import dev.sluice.engine.rdd.RddContext;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.engine.rdd.RecordShuffle;
import dev.sluice.engine.rdd.ShuffleDependency;
import dev.sluice.engine.rdd.ShuffledNode;
import dev.sluice.engine.rdd.SortedNode;
import dev.sluice.engine.rdd.UnionNode;
import dev.sluice.engine.rdd.ZipPartitionsNode;
import dev.sluice.spark.Shipment.NotShippable;
import dev.sluice.streaming.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.Partition;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.PartitionCoalescer;
import org.apache.spark.rdd.PartitionGroup;
import org.apache.spark.rdd.UnionRDD;
import org.apache.spark.storage.StorageLevel;
import scala.Option;
import scala.Tuple2;
import scala.reflect.ClassTag;

/**
 * Spark's dataset for a lineage of the API's datasets whose leaves are Spark batches
 * ({@link SparkBatchNode}): each engine step becomes the Spark step that computes the same
 * partitions with the same functions, so the user's operations on a batch run on Spark's executors.
 *
 * <ul>
 *   <li>element and partition steps ({@code map}, {@code filter}, {@code mapPartitions}, ...): the
 *       step's own function in {@code mapPartitionsWithIndex}, partition for partition;
 *   <li>{@code union}: Spark's union, partitions end to end; a union of datasets partitioned alike
 *       concatenates partitions of the same index ({@code zipPartitions});
 *   <li>{@code coalesce}: the same ranges of parent partitions, by a coalescer of Spark's;
 *   <li>{@code cartesian}: Spark's, whose partitions and pairs come in the engine's order;
 *   <li>{@code zip} and {@code zipPartitions}: Spark's {@code zipPartitions} of the two datasets with
 *       the step's own function;
 *   <li>by-key combines ({@code reduceByKey}, {@code combineByKey}, {@code distinct}, ...): Spark's
 *       {@code combineByKey} with the engine's aggregator and partitioner; {@code groupByKey}:
 *       Spark's with the partitioner; {@code repartition}: each record to the partition the engine's
 *       bucket function names; co-groups (joins, {@code cogroup}, {@code subtract}): one Spark
 *       shuffle of every input, tagged by input, into the partitioner;
 *   <li>{@code sortBy}/{@code sortByKey}: Spark's {@code sortByKey} with the engine's key function
 *       and order (Spark chooses the split points by sampling);
 *   <li>a part of the lineage without a Spark batch (a static dataset, e.g. the table of a join):
 *       computed on the driver, as the engine computes it, and distributed with its partitions;
 *   <li>a cached dataset: cached by Spark too (reused by the next job over the same dataset) until
 *       it is unpersisted; one already computed on the driver is distributed from there.
 * </ul>
 *
 * <p>Everything is checked first (every step translates, and every function and static dataset
 * serializes), and only then is any Spark dataset made: a lineage that does not translate runs on
 * the driver as before, having run nothing on Spark. The Spark dataset of an engine dataset is kept
 * with it ({@link RddNode#runnerState}), so that several jobs over it share Spark's shuffles and a
 * static table is distributed once.
 */
final class SparkLineage {

    private final JavaSparkContext jsc;

    SparkLineage(JavaSparkContext jsc) {
        this.jsc = jsc;
    }

    /** Returns true if {@code node} reads a Spark batch not yet fetched to the driver: a job over it should run on Spark. */
    static boolean readsSpark(RddNode<?> node) {
        if (node instanceof SparkBatchNode<?> s) {
            return !s.isFetched();
        }
        if (node.isFullyComputed() || node.isCheckpointed()) {
            return false;
        }
        for (RddNode<?> p : node.narrowParents()) {
            if (readsSpark(p)) {
                return true;
            }
        }
        for (ShuffleDependency<?> d : node.shuffleDependencies()) {
            if (d.isMaterialized() ? false : readsSpark(d.parent())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns Spark's dataset computing {@code node}'s partitions (elements as user code sees them),
     * with what its functions ship.
     *
     * @throws NotShippable a step does not translate or does not serialize; nothing ran on Spark
     */
    Translated translate(RddNode<?> node) throws NotShippable {
        Map<RddNode<?>, Object> checked = new IdentityHashMap<>();
        Shipment shipment = check(node, checked);
        try {
            return new Translated(build(node, checked), shipment);
        } catch (Exception e) {     // Spark's closure cleaner refused a function, or the like: the checks missed it
            throw new NotShippable("Spark refused a step of " + node + ": " + e);
        }
    }

    /** A translated lineage: Spark's dataset and what its functions ship. */
    record Translated(JavaRDD<Object> rdd, Shipment shipment) {
    }

    // ---- first pass: can every step run on Spark?

    /**
     * Checks {@code node} and its lineage; records per dataset the shipment of its step (or the
     * partitions of a part computed on the driver) in {@code checked}; returns all shipments.
     */
    private Shipment check(RddNode<?> node, Map<RddNode<?>, Object> checked) throws NotShippable {
        if (made(node) != null) {
            return Shipment.NONE;
        }
        if (node instanceof SparkBatchNode<?>) {
            checked.put(node, Shipment.NONE);
            return Shipment.NONE;
        }
        if (node.checkpointPending()) {
            throw new NotShippable(node + " is to be checkpointed by the job");
        }
        if (!readsSpark(node)) {
            List<List<Object>> parts = onDriver(node);
            Shipment.check("the data of " + node, parts);
            checked.put(node, parts);
            return Shipment.NONE;
        }
        Shipment own;
        Shipment below = Shipment.NONE;
        if (node instanceof MapPartitionsNode<?, ?> m) {
            own = Shipment.check("the function of " + node, m.function());
            below = check(m.parent(), checked);
        } else if (node instanceof UnionNode<?> || node instanceof CoalescedNode<?> || node instanceof CartesianNode<?, ?>) {
            own = Shipment.NONE;
            for (RddNode<?> p : node.narrowParents()) {
                below = below.and(check(p, checked));
            }
        } else if (node instanceof ZipPartitionsNode<?> z && z.narrowParents().size() == 2) {
            own = Shipment.check("the function of " + node, z.function());
            for (RddNode<?> p : z.narrowParents()) {
                below = below.and(check(p, checked));
            }
        } else if (node instanceof SortedNode<?> s) {
            own = Shipment.check("the sort key and order of " + node, s.keyFunction(), s.order());
            below = check(s.parent(), checked);
        } else if (node instanceof CoGroupedNode<?> c) {
            own = Shipment.check("the partitioner of " + node, c.partitioner());
            for (RddNode<?> p : c.parents()) {
                below = below.and(check(p, checked));
            }
        } else if (node instanceof ShuffledNode<?> s) {
            ShuffleDependency<?> d = s.shuffle();
            if (d instanceof AggregateShuffle<?, ?, ?> a) {
                own = Shipment.check("the combine of " + node, a.aggregator(), a.partitioner());
            } else if (d instanceof GroupShuffle<?, ?> g) {
                own = Shipment.check("the partitioner of " + node, g.partitioner());
            } else if (d instanceof RecordShuffle<?> r) {
                own = Shipment.check("the partitioning of " + node, r.bucketer());
            } else {
                throw new NotShippable("no Spark step for the shuffle of " + node + " (" + d.getClass().getSimpleName() + ")");
            }
            below = check(d.parent(), checked);
        } else {
            throw new NotShippable("no Spark step for " + node + " (" + node.getClass().getSimpleName() + ")");
        }
        checked.put(node, own);
        return own.and(below);
    }

    /** Computes a dataset that reads no Spark batch on the driver, as the engine does: its partitions. */
    private static List<List<Object>> onDriver(RddNode<?> node) throws NotShippable {
        RddNode<Object> n = Fns.cast(node);
        try {
            if (n.isFullyComputed()) {
                List<List<Object>> parts = new ArrayList<>(n.numPartitions());
                for (int i = 0; i < n.numPartitions(); i++) {
                    parts.add(drain(n.iterator(i)));
                }
                return parts;
            }
            return n.context().runJob(n, (split, it) -> drain(it));
        } catch (Exception e) {
            throw new NotShippable("computing " + node + " on the driver failed: " + e);
        }
    }

    private static List<Object> drain(Iterator<Object> it) {
        List<Object> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    // ---- second pass: Spark's datasets

    private JavaRDD<Object> build(RddNode<?> node, Map<RddNode<?>, Object> checked) {
        JavaRDD<Object> done = made(node);
        if (done != null) {
            return done;
        }
        Object what = checked.get(node);
        JavaRDD<Object> rdd;
        if (node instanceof SparkBatchNode<?> s) {
            rdd = Fns.cast(s.spark());
        } else if (what instanceof List<?> parts) {
            rdd = distribute(Fns.cast(parts));
        } else {
            rdd = step(node, (Shipment) what, checked);
            if (node.isPersisted()) {
                rdd = rdd.persist(StorageLevel.MEMORY_ONLY());
            }
        }
        node.setRunnerState(new Made(jsc, rdd, !(node instanceof SparkBatchNode<?>) && !(what instanceof List<?>)));
        return rdd;
    }

    /** A partition's index with its elements, passed from one step to the next inside one task. */
    private record IndexedPartition(int split, Iterator<Object> elements) {
    }

    /** The Spark dataset made for an engine dataset, kept with it (on this SparkContext). */
    private record Made(JavaSparkContext jsc, JavaRDD<Object> rdd, boolean step) implements RddNode.RunnerCache {
        /** A step's dataset is cached by Spark as long as the engine dataset is; Spark's own batches and distributed driver data are left alone. */
        @Override
        public void unpersisted() {
            if (step && !jsc.sc().isStopped() && rdd.getStorageLevel() != StorageLevel.NONE()) {
                rdd.unpersist(false);
            }
        }
    }

    /** Returns the Spark dataset made earlier for {@code node} on this SparkContext (cached again if the dataset was since), or null. */
    private JavaRDD<Object> made(RddNode<?> node) {
        if (!(node.runnerState() instanceof Made m) || m.jsc() != jsc || jsc.sc().isStopped()) {
            return null;
        }
        if (m.step() && node.isPersisted() && m.rdd().getStorageLevel() == StorageLevel.NONE()) {
            m.rdd().persist(StorageLevel.MEMORY_ONLY());
        }
        return m.rdd();
    }

    /** Spark's dataset of {@code parts}, one partition per list. */
    private JavaRDD<Object> distribute(List<List<Object>> parts) {
        if (parts.isEmpty()) {
            return jsc.emptyRDD();
        }
        return jsc.parallelize(parts, parts.size()).flatMap(List::iterator);
    }

    private JavaRDD<Object> step(RddNode<?> node, Shipment s, Map<RddNode<?>, Object> checked) {
        if (node instanceof MapPartitionsNode<?, ?> m) {
            RddContext.PartitionTask<Object, Iterator<Object>> f = Fns.cast(m.function());
            return build(m.parent(), checked).mapPartitionsWithIndex((split, it) -> {
                s.install();
                Iterator<Object> out = f.apply(split, it);
                return out == null ? Collections.emptyIterator() : out;
            }, false);
        }
        if (node instanceof UnionNode<?> u) {
            List<JavaRDD<Object>> parents = new ArrayList<>();
            for (RddNode<?> p : u.narrowParents()) {
                parents.add(build(p, checked));
            }
            if (u.partitioner() != null) {
                JavaRDD<Object> all = parents.get(0);
                for (JavaRDD<Object> next : parents.subList(1, parents.size())) {
                    all = all.zipPartitions(next, SparkLineage::concat);
                }
                return all;
            }
            List<org.apache.spark.rdd.RDD<Object>> rdds = new ArrayList<>();
            parents.forEach(p -> rdds.add(p.rdd()));
            // Spark's own union would join partitions of the same index when the parents happen to share
            // a Spark partitioner; the engine lays them end to end, and so does UnionRDD itself
            return new JavaRDD<>(new UnionRDD<>(jsc.sc(), scala.jdk.javaapi.CollectionConverters.asScala(rdds).toList(), tag()),
                    tag());
        }
        if (node instanceof CoalescedNode<?> c) {
            JavaRDD<Object> parent = build(c.narrowParents().get(0), checked);
            int[] firsts = new int[c.numPartitions() + 1];
            for (int i = 0; i <= c.numPartitions(); i++) {
                firsts[i] = c.firstParent(i);
            }
            return new JavaRDD<>(parent.rdd().coalesce(c.numPartitions(), false, Option.apply(new Ranges(firsts)), null), tag());
        }
        if (node instanceof CartesianNode<?, ?> c) {
            List<RddNode<?>> sides = c.narrowParents();
            // Spark's partition (i, j) is i * (right's partitions) + j, its pairs left by left, as the engine's
            return build(sides.get(0), checked).cartesian(build(sides.get(1), checked)).map(Dataset::toPair);
        }
        if (node instanceof ZipPartitionsNode<?> z) {
            ZipPartitionsNode.ZipFunction<Object> f = Fns.cast(z.function());
            List<RddNode<?>> sides = z.narrowParents();
            // the first side's partitions carry their index along the task (never serialized: the
            // zip reads them in the same task), as the step's function takes it
            JavaRDD<Object> first = build(sides.get(0), checked).mapPartitionsWithIndex(
                    (split, it) -> Collections.<Object>singletonList(new IndexedPartition(split, it)).iterator(), true);
            return first.zipPartitions(build(sides.get(1), checked), (a, b) -> {
                s.install();
                IndexedPartition p = (IndexedPartition) a.next();
                Iterator<Object> out = f.apply(p.split(), List.of(p.elements(), b));
                return out == null ? Collections.emptyIterator() : out;
            });
        }
        if (node instanceof SortedNode<?> sorted) {
            SortedNode.KeyFunction<Object> key = Fns.cast(sorted.keyFunction());
            JavaPairRDD<Object, Object> keyed = build(sorted.parent(), checked).keyBy(x -> {
                s.install();
                return key.key(x);
            });
            return keyed.sortByKey(sorted.order(), true, sorted.numPartitions()).values();
        }
        if (node instanceof CoGroupedNode<?> c) {
            List<? extends RddNode<?>> inputs = c.parents();
            int n = inputs.size();
            List<JavaPairRDD<Object, Object>> tagged = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int input = i;
                tagged.add(build(inputs.get(i), checked).mapToPair(x -> {
                    Tuple2<Object, Object> t = Dataset.toTuple(x);
                    return new Tuple2<>(t._1(), new Tuple2<>(input, t._2()));
                }));
            }
            JavaPairRDD<Object, Object> all = tagged.get(0);
            for (JavaPairRDD<Object, Object> next : tagged.subList(1, n)) {
                all = all.union(next);
            }
            return all.groupByKey(new EnginePartitioner(c.partitioner())).map(group -> {
                List<Object>[] lists = Fns.cast(new List<?>[n]);
                for (int i = 0; i < n; i++) {
                    lists[i] = new ArrayList<>(2);
                }
                for (Object v : group._2()) {
                    Tuple2<Integer, Object> t = Fns.cast(v);
                    lists[t._1()].add(t._2());
                }
                return new Pair<>(group._1(), (Object[]) lists);
            });
        }
        ShuffleDependency<?> d = ((ShuffledNode<?>) node).shuffle();
        JavaRDD<Object> parent = build(d.parent(), checked);
        if (d instanceof AggregateShuffle<?, ?, ?> a) {
            Aggregator<Object, Object> agg = Fns.cast(a.aggregator());
            return parent.mapToPair(Dataset::toTuple).combineByKey(v -> {
                s.install();
                return agg.create(v);
            }, (c, v) -> {
                s.install();
                return agg.add(c, v);
            }, (x, y) -> {
                s.install();
                return agg.merge(x, y);
            }, new EnginePartitioner(a.partitioner())).map(Dataset::toPair);
        }
        if (d instanceof GroupShuffle<?, ?> g) {
            return parent.mapToPair(Dataset::toTuple).groupByKey(new EnginePartitioner(g.partitioner()))
                    .map(t -> new Pair<>(t._1(), Fns.list(t._2())));
        }
        RecordShuffle.Bucketer<Object> bucketer = Fns.cast(((RecordShuffle<?>) d).bucketer());
        int reducers = d.numReducers();
        JavaRDD<Tuple2<Object, Object>> routed = parent.mapPartitionsWithIndex((split, it) -> {
            s.install();
            return routed(it, split, bucketer);
        }, false);
        return JavaPairRDD.fromJavaRDD(routed).partitionBy(new org.apache.spark.HashPartitioner(reducers)).values();
    }

    /** Each record of map partition {@code split} with its reduce partition as key. */
    private static Iterator<Tuple2<Object, Object>> routed(Iterator<Object> it, int split, RecordShuffle.Bucketer<Object> bucketer) {
        return new Iterator<>() {
            private long index;

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Tuple2<Object, Object> next() {
                Object record = it.next();
                return new Tuple2<>(bucketer.bucket(record, split, index++), record);
            }
        };
    }

    private static Iterator<Object> concat(Iterator<Object> a, Iterator<Object> b) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return a.hasNext() || b.hasNext();
            }

            @Override
            public Object next() {
                if (a.hasNext()) {
                    return a.next();
                }
                if (b.hasNext()) {
                    return b.next();
                }
                throw new NoSuchElementException();
            }
        };
    }

    private static ClassTag<Object> tag() {
        return scala.reflect.ClassTag$.MODULE$.apply(Object.class);
    }

    /** Spark's partitioner over the engine's: the same partition for every key. */
    static final class EnginePartitioner extends org.apache.spark.Partitioner {
        private static final long serialVersionUID = 1L;
        private final Partitioner partitioner;

        EnginePartitioner(Partitioner partitioner) {
            this.partitioner = partitioner;
        }

        @Override
        public int numPartitions() {
            return partitioner.numPartitions();
        }

        @Override
        public int getPartition(Object key) {
            return partitioner.partition(key);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EnginePartitioner e && e.partitioner.equals(partitioner);
        }

        @Override
        public int hashCode() {
            return partitioner.hashCode();
        }
    }

    /** Groups parent partitions {@code [firsts[i], firsts[i + 1])} into partition {@code i}, as the engine's coalesce. */
    private record Ranges(int[] firsts) implements PartitionCoalescer, java.io.Serializable {
        @Override
        public PartitionGroup[] coalesce(int maxPartitions, org.apache.spark.rdd.RDD<?> parent) {
            Partition[] parts = parent.partitions();
            PartitionGroup[] groups = new PartitionGroup[firsts.length - 1];
            for (int i = 0; i < groups.length; i++) {
                groups[i] = new PartitionGroup(Option.empty());
                for (int p = firsts[i]; p < firsts[i + 1]; p++) {
                    groups[i].partitions().addOne(parts[p]);
                }
            }
            return groups;
        }
    }
}
