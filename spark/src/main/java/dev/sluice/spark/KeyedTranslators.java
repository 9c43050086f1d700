package dev.sluice.spark;

import static dev.sluice.spark.Translation.d;

import dev.sluice.engine.plan.JoinKind;
import dev.sluice.engine.plan.KeyedOp;
import dev.sluice.streaming.FlatMapFunction;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.RDD;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.streaming.api.java.JavaPairDStream;
import scala.Tuple2;

/**
 * Translators of the keyed operators. Spark's join and cogroup results ({@code Tuple2}, Spark's
 * {@code Optional}, Scala iterables) become what the API gives: {@link Pair}s, {@code java.util.Optional}
 * and lists.
 */
final class KeyedTranslators {

    private KeyedTranslators() {
    }

    static void register(SparkTranslators t) {
        t.stream(KeyedOp.ReduceByKey.class, (op, in) -> Dataset.ofPairs(op.partitioner() != null
                ? in.of(op.parent()).pairs().reduceByKey(Fns.reduce(op.f()), new PartitionerAdapter(op.partitioner()))
                : op.numPartitions() > 0
                ? in.of(op.parent()).pairs().reduceByKey(Fns.reduce(op.f()), op.numPartitions())
                : in.of(op.parent()).pairs().reduceByKey(Fns.reduce(op.f()))));
        t.stream(KeyedOp.GroupByKey.class, (op, in) -> Dataset.ofPairs((op.partitioner() != null
                ? in.of(op.parent()).pairs().groupByKey(new PartitionerAdapter(op.partitioner()))
                : op.numPartitions() > 0
                ? in.of(op.parent()).pairs().groupByKey(op.numPartitions())
                : in.of(op.parent()).pairs().groupByKey()).mapValues(Fns::list)));
        t.stream(KeyedOp.MapValues.class, (op, in) -> Dataset.ofPairs(in.of(op.parent()).pairs().mapValues(Fns.map(op.f()))));
        t.stream(KeyedOp.FlatMapValues.class, (op, in) -> {
            FlatMapFunction<Object, Object> f = Fns.cast(op.f());
            ReplStatics statics = Fns.statics(f);
            return Dataset.ofPairs(in.of(op.parent()).pairs().flatMapValues(v -> {
                statics.install();
                return Fns.iterator(f.call(v));
            }));
        });
        t.stream(KeyedOp.Join.class, (op, in) -> {
            JavaPairDStream<Object, Object> a = in.of(op.parent()).pairs();
            JavaPairDStream<Object, Object> b = in.of(op.other()).pairs();
            org.apache.spark.Partitioner n = PartitionerAdapter.of(op.partitioner(), op.numPartitions(), in.runner.parallelism());
            return Dataset.ofPairs(switch (op.join()) {
                case INNER -> a.join(b, n).mapValues(KeyedTranslators::inner);
                case LEFT_OUTER -> a.leftOuterJoin(b, n).mapValues(KeyedTranslators::leftOuter);
                case RIGHT_OUTER -> a.rightOuterJoin(b, n).mapValues(KeyedTranslators::rightOuter);
                case FULL_OUTER -> a.fullOuterJoin(b, n).mapValues(KeyedTranslators::fullOuter);
            });
        });
        t.stream(KeyedOp.CoGroup.class, (op, in) -> {
            JavaPairDStream<Object, Object> a = in.of(op.parent()).pairs();
            JavaPairDStream<Object, Object> b = in.of(op.other()).pairs();
            org.apache.spark.Partitioner n = PartitionerAdapter.of(op.partitioner(), op.numPartitions(), in.runner.parallelism());
            return Dataset.ofPairs(a.cogroup(b, n).mapValues(v -> new Pair<>(Fns.list(v._1()), Fns.list(v._2()))));
        });
        t.stream(KeyedOp.CombineByKey.class, (op, in) -> Dataset.ofPairs(in.of(op.parent()).pairs().combineByKey(
                Fns.map(op.createCombiner()), Fns.fn2(op.mergeValue()), Fns.fn2(op.mergeCombiners()),
                PartitionerAdapter.of(op.partitioner(), op.numPartitions(), in.runner.parallelism()))));
        t.stream(KeyedOp.JoinTable.class, KeyedTranslators::joinTable);
        t.stream(KeyedOp.ReduceByKeyAndWindow.class, KeyedTranslators::reduceByKeyAndWindow);
        t.stream(KeyedOp.GroupByKeyAndWindow.class, (op, in) -> {
            JavaPairDStream<Object, Object> p = in.of(op.parent()).pairs();
            JavaPairDStream<Object, Iterable<Object>> grouped = op.partitioner() != null
                    ? p.groupByKeyAndWindow(d(op.length()), d(op.slide()), new PartitionerAdapter(op.partitioner()))
                    : op.numPartitions() > 0
                    ? p.groupByKeyAndWindow(d(op.length()), d(op.slide()), op.numPartitions())
                    : p.groupByKeyAndWindow(d(op.length()), d(op.slide()));
            return Dataset.ofPairs(grouped.mapValues(Fns::list));
        });
    }

    static Dataset reduceByKeyAndWindow(KeyedOp.ReduceByKeyAndWindow op, Translation in) throws Exception {
        JavaPairDStream<Object, Object> p = in.of(op.parent()).pairs();
        if (op.inverse() == null) {
            if (op.partitioner() != null) {
                return Dataset.ofPairs(p.reduceByKeyAndWindow(Fns.reduce(op.f()), d(op.length()), d(op.slide()),
                        new PartitionerAdapter(op.partitioner())));
            }
            return Dataset.ofPairs(op.numPartitions() > 0
                    ? p.reduceByKeyAndWindow(Fns.reduce(op.f()), d(op.length()), d(op.slide()), op.numPartitions())
                    : p.reduceByKeyAndWindow(Fns.reduce(op.f()), d(op.length()), d(op.slide())));
        }
        in.needsCheckpoint = true;
        org.apache.spark.Partitioner n = PartitionerAdapter.of(op.partitioner(), op.numPartitions(), in.runner.parallelism());
        // Spark's Java form with a number of partitions calls its filter unconditionally: no filter is one that keeps all
        return Dataset.ofPairs(p.reduceByKeyAndWindow(Fns.reduce(op.f()), Fns.reduce(op.inverse()), d(op.length()), d(op.slide()),
                n, op.filter() == null ? KeyedTranslators::keepAll : Fns.pairFilter(op.filter())));
    }

    static Dataset joinTable(KeyedOp.JoinTable op, Translation in) throws Exception {
        JavaPairRDD<Object, Object> table = in.toSpark((RDD<?>) op.table()).mapToPair(Dataset::toTuple).cache();
        int key = in.keep(table);
        int tid = in.id;
        JoinKind kind = op.join();
        JavaPairDStream<Object, Object> joined = in.of(op.parent()).pairs().transformToPair(rdd -> {
            JavaPairRDD<Object, Object> t = Translation.get(tid).kept(key);
            return switch (kind) {
                case INNER -> rdd.join(t).mapValues(KeyedTranslators::inner);
                case LEFT_OUTER -> rdd.leftOuterJoin(t).mapValues(KeyedTranslators::leftOuter);
                case RIGHT_OUTER -> rdd.rightOuterJoin(t).mapValues(KeyedTranslators::rightOuter);
                case FULL_OUTER -> rdd.fullOuterJoin(t).mapValues(KeyedTranslators::fullOuter);
            };
        });
        return Dataset.ofPairs(joined);
    }

    static Boolean keepAll(Tuple2<Object, Object> pair) {
        return Boolean.TRUE;
    }

    static Object inner(Tuple2<Object, Object> v) {
        return new Pair<>(v._1(), v._2());
    }

    static Object leftOuter(Tuple2<Object, org.apache.spark.api.java.Optional<Object>> v) {
        return new Pair<>(v._1(), Fns.toJava(v._2()));
    }

    static Object rightOuter(Tuple2<org.apache.spark.api.java.Optional<Object>, Object> v) {
        return new Pair<>(Fns.toJava(v._1()), v._2());
    }

    static Object fullOuter(Tuple2<org.apache.spark.api.java.Optional<Object>, org.apache.spark.api.java.Optional<Object>> v) {
        return new Pair<>(Fns.toJava(v._1()), Fns.toJava(v._2()));
    }
}
