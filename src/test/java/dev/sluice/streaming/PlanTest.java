package dev.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.engine.durability.StableIds;
import dev.sluice.engine.graph.StreamNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The logical plan every stream records, and the engine nodes built from it. */
class PlanTest {

    private final StreamingContext ssc = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).parallelism(2)
            .clock(new ManualClock()).build();

    @AfterEach
    void stop() {
        ssc.stop();
    }

    /** Every operator of the API at least once, with every overload that builds different nodes. */
    private void everyOperator() {
        Duration s2 = Duration.ofSeconds(2), s4 = Duration.ofSeconds(4);
        Queue<List<String>> q = new LinkedList<>();
        DStream<String> in = ssc.queueStream(q);
        DStream<String> in2 = ssc.queueStream(q, false);
        DStream<Long> rate = ssc.rateStream(10);
        DStream<String> sock = ssc.socketTextStream("127.0.0.1", 1);
        DStream<String> files = ssc.textFileStream(Path.of("/tmp/nonexistent-shape"));
        DStream<String> m = in.map(x -> x).flatMap(x -> List.of(x)).filter(x -> true).mapPartitions(it -> it);
        m.union(in2).repartition(3).transform(r -> r).transform((r, t) -> r).cache().print();
        m.count().print();
        m.countByValue().print();
        m.reduce((a, b) -> a).print();
        m.window(s2).print();
        m.window(s4, s2).print();
        m.countByWindow(s4, s2).print();
        m.reduceByWindow((a, b) -> a, s4, s2).print();
        m.reduceByWindow((a, b) -> a, (a, b) -> a, s4, s2).print();
        m.countByValueAndWindow(s4, s2).print();
        PairDStream<String, Integer> p = m.mapToPair(x -> Pair.of(x, 1));
        PairDStream<String, Integer> p2 = in2.transformToPair(r -> r.mapToPair(x -> Pair.of(x, 1)));
        in2.transformToPair((r, t) -> r.mapToPair(x -> Pair.of(x, 1))).print();
        p.reduceByKey(Integer::sum).print();
        p.reduceByKey(Integer::sum, 3).print();
        p.groupByKey().print();
        p.groupByKey(3).print();
        p.mapValues(v -> v).flatMapValues(v -> List.of(v)).print();
        p.join(p2).print();
        p.leftOuterJoin(p2).print();
        p.rightOuterJoin(p2).print();
        p.fullOuterJoin(p2).print();
        p.cogroup(p2).print();
        PairRDD<String, Integer> table = ssc.parallelizePairs(List.of(Pair.of("a", 1)));
        p.join(table).print();
        p.leftOuterJoin(table).print();
        p.reduceByKeyAndWindow(Integer::sum, s2).print();
        p.reduceByKeyAndWindow(Integer::sum, s4, s2).print();
        p.reduceByKeyAndWindow(Integer::sum, s4, s2, 3).print();
        p.reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b, s4, s2).print();
        p.reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b, s4, s2, kv -> true).print();
        p.reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b, s4, s2, 3, null).print();
        p.groupByKeyAndWindow(s4, s2).print();
        p.updateStateByKey((Iterable<Integer> vs, Optional<Integer> st) -> st).name("state").print();
        p.updateStateByKey((Iterable<Integer> vs, Optional<Integer> st) -> st, 3).print();
        p.updateStateByKey((Iterable<Integer> vs, Optional<Integer> st) -> st, table).print();
        MapWithStateDStream<String, Integer, Integer, Integer> mws = p.mapWithState(StateSpec.function((String k, Optional<Integer> v, State<Integer> st) -> 1));
        mws.print();
        mws.stateSnapshots().print();
        p.mapWithState(StateSpec.function((String k, Optional<Integer> v, State<Integer> st) -> 1).numPartitions(3).timeout(s4)).print();
        PairDStream.of(in.map(x -> Pair.of(x, 1))).reduceByKey(Integer::sum).print();
        rate.foreachRDD(r -> { });
        sock.foreachRDD((r, t) -> { });
        files.saveAsTextFiles("/tmp/shape-out", "txt");
        ssc.union(in, in2, m).print();
        p.window(s2).filter(kv -> true).union(p2).print();
    }

    @Test
    void theEngineGraphBuiltFromThePlanIsTheOneTheOperatorsBuiltBefore() throws IOException {
        everyOperator();
        List<String> nodes = new ArrayList<>();
        for (StreamNode<?> n : ssc.graph().nodes()) {
            nodes.add(n.id() + " " + n.slideMicros() / 1000 + " " + n.getClass().getSimpleName() + " " + StableIds.of(n));
        }
        nodes.add("outputs " + ssc.outputs().size());
        // Written by the same pipeline at b096dcc, where each DStream method built its node as a closure:
        // same nodes, ids, slides and checkpoint ids (StableIds) after the change.
        String expected;
        try (InputStream in = PlanTest.class.getResourceAsStream("/plan/node-graph-b096dcc.txt")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(expected.strip(), String.join("\n", nodes));
    }

    private static final Duration S2 = Duration.ofSeconds(2);
    private static final Duration S4 = Duration.ofSeconds(4);

    private record Row(String expected, Function<StreamingContext, DStream<?>> call) {
    }

    @Test
    void eachOperatorIsRecordedAsTheUserAskedAndRenderedInTheApisTerms() {
        Queue<List<String>> q = new LinkedList<>();
        DStream<String> in = ssc.queueStream(q);
        PairDStream<String, Integer> p = in.mapToPair(x -> Pair.of(x, 1));
        PairDStream<String, Integer> p2 = in.mapToPair(x -> Pair.of(x, 2));
        PairRDD<String, Integer> table = ssc.parallelizePairs(List.of(Pair.of("a", 1)));
        String pairs = "ssc.queueStream(queue).mapToPair(f)";
        MapWithStateDStream<String, Integer, Integer, Integer> mapped =
                p.mapWithState(StateSpec.function((String k, Optional<Integer> v, State<Integer> s) -> 1));
        int other = p2.id();
        Partitioner hash3 = new HashPartitioner(3);
        List<Row> rows = List.of(
                new Row("ssc.queueStream(queue, false)", c -> c.queueStream(q, false)),
                new Row("ssc.socketTextStream(\"127.0.0.1\", 9)", c -> c.socketTextStream("127.0.0.1", 9)),
                new Row("ssc.textFileStream(\"in\")", c -> c.textFileStream("in")),
                new Row("ssc.rateStream(5)", c -> c.rateStream(5)),
                new Row("ssc.queueStream(queue).map(f)", c -> in.map(x -> x)),
                new Row("ssc.queueStream(queue).flatMap(f)", c -> in.flatMap(x -> List.of(x))),
                new Row("ssc.queueStream(queue).filter(f)", c -> in.filter(x -> true)),
                new Row("ssc.queueStream(queue).mapPartitions(f)", c -> in.mapPartitions(it -> it)),
                new Row("ssc.queueStream(queue).union(stream(" + in.id() + "))", c -> in.union(in)),
                new Row("ssc.queueStream(queue).repartition(3)", c -> in.repartition(3)),
                new Row("ssc.queueStream(queue).transform(f)", c -> in.transform(r -> r)),
                new Row("ssc.queueStream(queue).transform((rdd, time) -> ...)", c -> in.transform((r, t) -> r)),
                new Row("ssc.queueStream(queue).transformToPair(f)", c -> in.transformToPair(r -> r.mapToPair(x -> Pair.of(x, 1)))),
                new Row("ssc.queueStream(queue).count()", c -> in.count()),
                new Row("ssc.queueStream(queue).countByValue()", c -> in.countByValue()),
                new Row("ssc.queueStream(queue).reduce(f)", c -> in.reduce((a, b) -> a)),
                new Row("ssc.queueStream(queue).window(2s, 1s)", c -> in.window(S2)),
                new Row("ssc.queueStream(queue).window(4s, 2s)", c -> in.window(S4, S2)),
                new Row("ssc.queueStream(queue).countByWindow(4s, 2s)", c -> in.countByWindow(S4, S2)),
                new Row("ssc.queueStream(queue).reduceByWindow(f, 4s, 2s)", c -> in.reduceByWindow((a, b) -> a, S4, S2)),
                new Row("ssc.queueStream(queue).reduceByWindow(f, inverse, 4s, 2s)",
                        c -> in.reduceByWindow((a, b) -> a, (a, b) -> a, S4, S2)),
                new Row("ssc.queueStream(queue).countByValueAndWindow(4s, 2s)", c -> in.countByValueAndWindow(S4, S2)),
                new Row(pairs + ".reduceByKey(f)", c -> p.reduceByKey(Integer::sum)),
                new Row(pairs + ".reduceByKey(f, 3)", c -> p.reduceByKey(Integer::sum, 3)),
                new Row(pairs + ".groupByKey()", c -> p.groupByKey()),
                new Row(pairs + ".groupByKey(3)", c -> p.groupByKey(3)),
                new Row(pairs + ".mapValues(f)", c -> p.mapValues(v -> v)),
                new Row(pairs + ".flatMapValues(f)", c -> p.flatMapValues(v -> List.of(v))),
                new Row(pairs + ".join(stream(" + other + "))", c -> p.join(p2)),
                new Row(pairs + ".leftOuterJoin(stream(" + other + "))", c -> p.leftOuterJoin(p2)),
                new Row(pairs + ".rightOuterJoin(stream(" + other + "))", c -> p.rightOuterJoin(p2)),
                new Row(pairs + ".fullOuterJoin(stream(" + other + "))", c -> p.fullOuterJoin(p2)),
                new Row(pairs + ".cogroup(stream(" + other + "))", c -> p.cogroup(p2)),
                new Row(pairs + ".transformToPair(rdd -> rdd.join(table))", c -> p.join(table)),
                new Row(pairs + ".transformToPair(rdd -> rdd.leftOuterJoin(table))", c -> p.leftOuterJoin(table)),
                new Row(pairs + ".reduceByKeyAndWindow(f, 2s, 1s)", c -> p.reduceByKeyAndWindow(Integer::sum, S2)),
                new Row(pairs + ".reduceByKeyAndWindow(f, 4s, 2s, 3)", c -> p.reduceByKeyAndWindow(Integer::sum, S4, S2, 3)),
                new Row(pairs + ".reduceByKeyAndWindow(f, inverse, 4s, 2s)",
                        c -> p.reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b, S4, S2)),
                new Row(pairs + ".reduceByKeyAndWindow(f, inverse, 4s, 2s, filter)",
                        c -> p.reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b, S4, S2, kv -> true)),
                new Row(pairs + ".reduceByKeyAndWindow(f, inverse, 4s, 2s, 3, filter)",
                        c -> p.reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b, S4, S2, 3, kv -> true)),
                new Row(pairs + ".groupByKeyAndWindow(4s, 2s)", c -> p.groupByKeyAndWindow(S4, S2)),
                new Row(pairs + ".updateStateByKey(update)",
                        c -> p.updateStateByKey((Iterable<Integer> vs, Optional<Integer> s) -> s)),
                new Row(pairs + ".updateStateByKey(update, 3)",
                        c -> p.updateStateByKey((Iterable<Integer> vs, Optional<Integer> s) -> s, 3)),
                new Row(pairs + ".updateStateByKey(update, initialState)",
                        c -> p.updateStateByKey((Iterable<Integer> vs, Optional<Integer> s) -> s, table)),
                new Row(pairs + ".mapWithState(StateSpec.function(f).timeout(4s).numPartitions(3))",
                        c -> p.mapWithState(StateSpec.function((String k, Optional<Integer> v, State<Integer> s) -> 1)
                                .timeout(S4).numPartitions(3))),
                new Row(pairs + ".mapWithState(StateSpec.function(f)).stateSnapshots()",
                        c -> mapped.stateSnapshots()),
                new Row("ssc.queueStream(queue).map(f).cache()", c -> in.map(x -> x).cache()),
                new Row("ssc.queueStream(queue).map(f).checkpoint(4s)", c -> in.map(x -> x).checkpoint(S4)),
                new Row(pairs + ".updateStateByKey(update).checkpoint(2s).cache()",
                        c -> p.updateStateByKey((Iterable<Integer> vs, Optional<Integer> s) -> s).checkpoint(S2).cache()),
                new Row("ssc.queueStream(queue).glom()", c -> in.glom()),
                new Row("ssc.queueStream(queue).flatMapToPair(f)", c -> in.flatMapToPair(x -> List.of(Pair.of(x, 1)))),
                new Row("ssc.queueStream(queue).mapPartitionsToPair(f)",
                        c -> in.mapPartitionsToPair(it -> List.of(Pair.of("n", 1)).iterator())),
                new Row("ssc.queueStream(queue).transformWith(stream(" + in.id() + "), f)", c -> in.transformWith(in, (a, b, t) -> a)),
                new Row(pairs + ".transformWithToPair(stream(" + other + "), f)", c -> p.transformWithToPair(p2, (a, b, t) -> a)),
                new Row("ssc.transform(List.of(stream(" + in.id() + "), stream(" + other + ")), f)",
                        c -> c.transform(List.of(in, p2), (rdds, t) -> rdds.get(0))),
                new Row("ssc.transformToPair(List.of(stream(" + other + ")), f)",
                        c -> c.transformToPair(List.of(p2), (rdds, t) -> PairRDD.of(p2.latest()))),
                new Row("ssc.queueStream(queue).countByValue(3)", c -> in.countByValue(3)),
                new Row("ssc.queueStream(queue).countByValueAndWindow(4s, 2s, 3)", c -> in.countByValueAndWindow(S4, S2, 3)),
                new Row(pairs + ".groupByKeyAndWindow(2s, 1s)", c -> p.groupByKeyAndWindow(S2)),
                new Row(pairs + ".groupByKeyAndWindow(4s, 2s, 3)", c -> p.groupByKeyAndWindow(S4, S2, 3)),
                new Row(pairs + ".reduceByKey(f, partitioner)", c -> p.reduceByKey(Integer::sum, hash3)),
                new Row(pairs + ".groupByKey(partitioner)", c -> p.groupByKey(hash3)),
                new Row(pairs + ".join(stream(" + other + "), partitioner)", c -> p.join(p2, hash3)),
                new Row(pairs + ".leftOuterJoin(stream(" + other + "), partitioner)", c -> p.leftOuterJoin(p2, hash3)),
                new Row(pairs + ".rightOuterJoin(stream(" + other + "), partitioner)", c -> p.rightOuterJoin(p2, hash3)),
                new Row(pairs + ".fullOuterJoin(stream(" + other + "), partitioner)", c -> p.fullOuterJoin(p2, hash3)),
                new Row(pairs + ".cogroup(stream(" + other + "), partitioner)", c -> p.cogroup(p2, hash3)),
                new Row(pairs + ".combineByKey(createCombiner, mergeValue, mergeCombiners, partitioner)",
                        c -> p.combineByKey(v -> v, Integer::sum, Integer::sum, hash3)),
                new Row(pairs + ".reduceByKeyAndWindow(f, 4s, 2s, partitioner)", c -> p.reduceByKeyAndWindow(Integer::sum, S4, S2, hash3)),
                new Row(pairs + ".reduceByKeyAndWindow(f, inverse, 4s, 2s, partitioner, filter)",
                        c -> p.reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b, S4, S2, hash3, kv -> true)),
                new Row(pairs + ".groupByKeyAndWindow(4s, 2s, partitioner)", c -> p.groupByKeyAndWindow(S4, S2, hash3)),
                new Row(pairs + ".updateStateByKey(update, partitioner)",
                        c -> p.updateStateByKey((Iterable<Integer> vs, Optional<Integer> s) -> s, hash3)),
                new Row(pairs + ".updateStateByKey(update, partitioner, initialState)",
                        c -> p.updateStateByKey((Iterable<Integer> vs, Optional<Integer> s) -> s, hash3, table)),
                new Row(pairs + ".mapWithState(StateSpec.function(f).partitioner(partitioner))",
                        c -> p.mapWithState(StateSpec.function((String k, Optional<Integer> v, State<Integer> s) -> 1).partitioner(hash3))));
        List<DStream<?>> made = new ArrayList<>();   // the context holds streams weakly: keep them for the counts
        for (Row row : rows) {
            int before = ssc.streams().size();
            DStream<?> s = row.call().apply(ssc);
            made.add(s);
            assertEquals(row.expected(), s.explain());
            assertEquals(before + 1, ssc.streams().size(), row.expected() + " is one stream of the plan");
        }
    }

    @Test
    void thePlanListsStreamsAndOutputsInOrderOverTheirParentsIds() {
        Queue<List<String>> q = new LinkedList<>();
        DStream<String> words = ssc.queueStream(q).name("words");
        PairDStream<String, Long> counts = words.countByValue().cache().name("counts");
        DStream<String> both = words.union(words.map(String::toUpperCase));
        counts.print(3);
        both.saveAsTextFiles("out/words", null);
        OutputHandle h = counts.foreachRDD((rdd, time) -> { });
        h.stop();
        assertEquals(String.join("\n",
                "stream 1 'words' = ssc.queueStream(queue)",
                "stream 3 'counts' = stream(1).countByValue().cache()",
                "stream 4 = stream(1).map(f)",
                "stream 5 = stream(1).union(stream(4))",
                "output 1 = stream(3).print(3)",
                "output 2 = stream(5).saveAsTextFiles(\"out/words\", null)",
                "output 3 = stream(3).foreachRDD((rdd, time) -> ...)",
                ""), ssc.explain());
        assertEquals("PairDStream[3] 'counts': cache <- countByValue <- queueStream, slide 1s, 1 output", counts.toString());
        assertEquals("ssc.queueStream(queue).countByValue().cache()", counts.explain());
    }

    @Test
    void aKeyedViewHandsUserFunctionsPairRdds() throws Exception {
        Queue<List<Pair<String, Integer>>> q = new LinkedList<>();
        DStream<Pair<String, Integer>> plain = ssc.queueStream(q);
        List<String> seen = new ArrayList<>();
        PairDStream.of(plain).foreachRDD(rdd -> seen.add(rdd.getClass().getSimpleName()));
        plain.map(x -> x).foreachRDD(rdd -> seen.add(rdd.getClass().getSimpleName()));
        q.add(List.of(Pair.of("a", 1)));
        ssc.start();
        ((ManualClock) ssc.clock()).advance(Duration.ofSeconds(1));
        assertTrue(ssc.awaitBatch(new Time(1000), Duration.ofSeconds(20)));
        assertEquals(List.of("PairRDD", "RDD"), seen);
    }

    @Test
    void streamsOfAnotherContextAreRefusedWithTheirOperatorNamed() {
        StreamingContext other = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).clock(new ManualClock()).build();
        try {
            PairDStream<String, Integer> mine = ssc.queueStream(new LinkedList<List<String>>()).mapToPair(x -> Pair.of(x, 1));
            PairDStream<String, Integer> theirs = other.queueStream(new LinkedList<List<String>>()).mapToPair(x -> Pair.of(x, 1));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> mine.join(theirs));
            assertEquals("join reads a stream of another context or one not built yet: mapToPair", e.getMessage());
        } finally {
            other.stop();
        }
    }
}
