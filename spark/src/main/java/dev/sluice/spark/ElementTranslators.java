package dev.sluice.spark;

import dev.sluice.engine.plan.ElementOp;
import dev.sluice.engine.plan.StreamOp;
import dev.sluice.streaming.RDD;
import dev.sluice.streaming.Time;
import dev.sluice.streaming.TransformFunction;
import dev.sluice.streaming.TransformManyFunction;
import dev.sluice.streaming.TransformWithFunction;
import dev.sluice.streaming.TransformWithTimeFunction;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.streaming.api.java.JavaDStream;

/**
 * Translators of the per-element and per-batch operators. {@code transform} and its kin hand the
 * user's function the API's {@code RDD} over the batch's Spark dataset (see {@link SparkBatchNode}).
 */
final class ElementTranslators {

    private ElementTranslators() {
    }

    static void register(SparkTranslators t) {
        t.stream(ElementOp.Map.class, (op, in) -> Dataset.ofElements(in.of(op.parent()).elements().map(Fns.map(op.f())), false));
        t.stream(ElementOp.FlatMap.class, (op, in) -> Dataset.ofElements(in.of(op.parent()).elements().flatMap(Fns.flatMap(op.f())), false));
        t.stream(ElementOp.Filter.class, (op, in) -> {
            Dataset parent = in.of(op.parent());
            return Dataset.ofElements(parent.elements().filter(Fns.filter(op.f())), parent.isPair());
        });
        t.stream(ElementOp.MapPartitions.class, (op, in) -> Dataset.ofElements(
                in.of(op.parent()).elements().mapPartitions(Fns.partitions(op.f())), false));
        t.stream(ElementOp.MapToPair.class, (op, in) -> Dataset.ofPairs(in.of(op.parent()).elements().mapToPair(Fns.pair(op.f()))));
        t.stream(ElementOp.FlatMapToPair.class, (op, in) -> Dataset.ofElements(
                in.of(op.parent()).elements().flatMap(Fns.flatMap(op.f())), true));
        t.stream(ElementOp.MapPartitionsToPair.class, (op, in) -> Dataset.ofElements(
                in.of(op.parent()).elements().mapPartitions(Fns.partitions(op.f())), true));
        t.stream(ElementOp.Glom.class, (op, in) -> Dataset.ofElements(in.of(op.parent()).elements().glom(), false));
        t.stream(ElementOp.Union.class, (op, in) -> {
            Dataset parent = in.of(op.parent());
            return Dataset.ofElements(parent.elements().union(in.of(op.other()).elements()), parent.isPair());
        });
        t.stream(ElementOp.Repartition.class, (op, in) -> {
            Dataset parent = in.of(op.parent());
            return Dataset.ofElements(parent.elements().repartition(op.numPartitions()), parent.isPair());
        });
        t.stream(ElementOp.Cache.class, (op, in) -> {
            Dataset parent = in.of(op.parent());
            parent.cache();
            return parent;
        });
        t.stream(ElementOp.Checkpoint.class, (op, in) -> {
            Dataset parent = in.of(op.parent());
            in.needsCheckpoint = true;
            parent.checkpoint(Translation.d(op.interval()));
            return parent;
        });
        t.stream(ElementOp.Transform.class, ElementTranslators::transform);
        t.stream(ElementOp.TransformWithTime.class, ElementTranslators::transformWithTime);
        t.stream(ElementOp.TransformWith.class, ElementTranslators::transformWith);
        t.stream(ElementOp.TransformMany.class, ElementTranslators::transformMany);
    }

    static Dataset transform(ElementOp.Transform op, Translation in) throws Exception {
        Dataset parent = in.of(op.parent());
        int key = in.keep(op.f());          // the function runs on the driver: the graph holds its number
        boolean pairIn = parent.isPair();
        int tid = in.id;
        JavaDStream<Object> out = parent.elements().transform(rdd -> {
            Translation t = Translation.get(tid);
            TransformFunction<Object, Object> f = Fns.cast(t.kept(key));
            return t.toSpark(f.call(t.toApi(rdd, pairIn, "transform")));
        });
        return Dataset.ofElements(out, op.toPair());
    }

    static Dataset transformWithTime(ElementOp.TransformWithTime op, Translation in) throws Exception {
        Dataset parent = in.of(op.parent());
        int key = in.keep(op.f());          // the function runs on the driver: the graph holds its number
        boolean pairIn = parent.isPair();
        int tid = in.id;
        JavaDStream<Object> out = parent.elements().transform((rdd, time) -> {
            Translation t = Translation.get(tid);
            TransformWithTimeFunction<Object, Object> f = Fns.cast(t.kept(key));
            return t.toSpark(f.call(t.toApi(rdd, pairIn, "transform"), new Time(time.milliseconds())));
        });
        return Dataset.ofElements(out, op.toPair());
    }

    static Dataset transformWith(ElementOp.TransformWith op, Translation in) throws Exception {
        Dataset parent = in.of(op.parent());
        Dataset other = in.of(op.other());
        int key = in.keep(op.f());          // the function runs on the driver: the graph holds its number
        boolean pairIn = parent.isPair();
        boolean pairOther = other.isPair();
        int tid = in.id;
        JavaDStream<Object> out = parent.elements().transformWith(other.elements(), (a, b, time) -> {
            Translation t = Translation.get(tid);
            TransformWithFunction<Object, Object, Object> f = Fns.cast(t.kept(key));
            return t.toSpark(f.call(t.toApi(a, pairIn, "transformWith"), t.toApi(b, pairOther, "transformWith"),
                    new Time(time.milliseconds())));
        });
        return Dataset.ofElements(out, op.toPair());
    }

    static Dataset transformMany(ElementOp.TransformMany op, Translation in) throws Exception {
        List<JavaDStream<?>> streams = new ArrayList<>();
        boolean[] pairs = new boolean[op.streams().size()];
        int i = 0;
        for (StreamOp s : op.streams()) {
            Dataset d = in.of(s);
            streams.add(d.elements());
            pairs[i++] = d.isPair();
        }
        int key = in.keep(op.f());          // the function runs on the driver: the graph holds its number
        int tid = in.id;
        JavaDStream<Object> out = in.jssc.transform(streams, (rdds, time) -> {
            Translation t = Translation.get(tid);
            TransformManyFunction<Object> f = Fns.cast(t.kept(key));
            List<RDD<?>> api = new ArrayList<>();
            for (int k = 0; k < rdds.size(); k++) {
                JavaRDD<Object> r = Fns.cast(rdds.get(k));
                api.add(t.toApi(r, pairs[k], "transform"));
            }
            return t.toSpark(f.call(api, new Time(time.milliseconds())));
        });
        return Dataset.ofElements(out, op.toPair());
    }
}
