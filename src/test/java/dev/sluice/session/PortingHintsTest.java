package dev.sluice.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.CapturingConsole;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Code copied from Spark's Java docs, typed into a session: the RDD calls compile as they are;
 * where Sluice's API differs, the error is one line that says what to write instead.
 */
class PortingHintsTest {

    private final CapturingConsole console = new CapturingConsole();
    private Session session;

    @BeforeEach
    void open() {
        session = Session.open(SessionOptions.builder().batchInterval(Duration.ofSeconds(1)).parallelism(2).manualClock(true)
                .console(() -> console).build());
        session.eval("RDD<String> lines = ssc.parallelize(List.of(\"a b\", \"b c\", \"c\"), 2);");
        session.eval("PairDStream<String, Integer> pairs = ssc.queueStream(new ArrayDeque<List<String>>()).mapToPair(w -> Pair.of(w, 1));");
    }

    @AfterEach
    void close() {
        session.close();
    }

    private String firstLine(String snippet) {
        CompileException e = assertThrows(CompileException.class, () -> session.eval(snippet));
        return e.getMessage().lines().findFirst().orElseThrow();
    }

    @Test
    void sparkShapedRddCallsCompileAsTheyAre() {
        session.eval("PairRDD<String, Integer> counts = lines.flatMap(s -> Arrays.asList(s.split(\" \")))"
                + ".mapToPair(w -> Pair.of(w, 1)).reduceByKey((a, b) -> a + b);");
        assertEquals(List.of(Pair("c", 2), Pair("b", 2)), session.eval("counts.top(2, Comparator.comparing(p -> p.key()))").value());
        assertEquals("[(a,1), (b,2), (c,2)]", session.eval("counts.sortByKey().collect()").value().toString());
        assertEquals("[(c,2), (b,2), (a,1)]", session.eval("counts.sortByKey(false).collect()").value().toString());
        assertEquals(List.of("a", "b"), session.eval("counts.keys().takeOrdered(2)").value());
        assertEquals(5, session.eval("lines.flatMap(s -> Arrays.asList(s.split(\" \"))).aggregate(0, (acc, w) -> acc + 1, (a, b) -> a + b)")
                .value());
        assertEquals("{a=1, b=2, c=2}", session.eval("new TreeMap<>(counts.aggregateByKey(0, (a, v) -> a + v, (a, b) -> a + b)"
                + ".collectAsMap())").value().toString());
        assertEquals("{a=1, b=2, c=2}", session.eval("new TreeMap<>(counts.foldByKey(0, (a, b) -> a + b).collectAsMap())").value()
                .toString());
        assertEquals(List.of(3, 4), session.eval("lines.mapPartitionsWithIndex((idx, it) -> { int n = 0; while (it.hasNext()) "
                + "{ n += it.next().length(); } return Arrays.asList(n + idx - idx).iterator(); }, false).collect()").value());
        assertEquals(3L, session.eval("lines.zipWithIndex().count()").value());
        assertEquals(List.of(), session.eval("lines.subtract(lines).collect()").value());
        assertEquals(2L, session.eval("lines.countByValue().get(\"a b\") + lines.countByValue().get(\"c\")").value());
    }

    private static dev.sluice.streaming.Pair<String, Integer> Pair(String k, int v) {
        return dev.sluice.streaming.Pair.of(k, v);
    }

    @Test
    void sparksIteratorFlatMapSaysToDropIterator() {
        String snippet = "RDD<String> words = lines.flatMap(x -> Arrays.asList(x.split(\" \")).iterator());";
        assertEquals("error: Sluice's flatMap takes a function returning an Iterable (a List), where Spark's returns an Iterator: "
                + "drop the .iterator() call, as in x -> Arrays.asList(x.split(\" \"))", firstLine(snippet));
        session.eval(snippet.replace(".iterator()", ""));
        assertEquals(5L, session.eval("words.count()").value());
    }

    @Test
    void sparksListStateFunctionSaysToUseIterable() {
        assertEquals("error: updateStateByKey's function takes (Iterable<V> values, java.util.Optional<S> state), where Spark's "
                        + "takes a List: declare values as an Iterable<V>",
                firstLine("pairs.updateStateByKey((List<Integer> values, Optional<Integer> state) -> Optional.of(values.size()))"));
        assertEquals("error: values is an Iterable here (Spark passes a List): loop over it (for (var v : values)), or copy it into a "
                + "list first", firstLine("pairs.updateStateByKey((values, state) -> Optional.of(values.size() + state.orElse(0)))"));
        session.eval("var running = pairs.updateStateByKey((Iterable<Integer> values, Optional<Integer> state) -> { "
                + "int sum = state.orElse(0); for (int v : values) { sum += v; } return Optional.of(sum); });");
    }

    @Test
    void sparkNamesSayWhatSluiceCallsThem() {
        assertEquals("error: Sluice's pairs are Pair: write Pair.of(k, v), p.key() and p.value() for new Tuple2<>(k, v), t._1() and t._2()",
                firstLine("lines.mapToPair(s -> new Tuple2<>(s, 1))"));
        assertEquals("error: Sluice's names drop Spark's Java prefix: RDD, PairRDD, DStream, PairDStream, DoubleRDD",
                firstLine("JavaRDD<String> r = lines;"));
        assertEquals("error: in the shell the context is ssc (a StreamingContext, also for parallelize and textFile); in a program, "
                + "StreamingContext.builder().batchInterval(...).build()", firstLine("JavaSparkContext sc = new JavaSparkContext(conf);"));
        assertEquals("error: Sluice needs no Spark imports: its API is dev.sluice.streaming (imported in the shell), with "
                + "java.util.Optional for Spark's Optional", firstLine("import org.apache.spark.api.java.JavaRDD;"));
    }

    private String errors(String snippet) {
        CompileException e = assertThrows(CompileException.class, () -> session.eval(snippet));
        return e.getMessage();
    }

    @Test
    void sparkStreamingSnippetsGiveOneHintEach() {
        // Spark's streaming word count, line by line as in its programming guide's Java tab.
        assertEquals("error: Sluice's flatMap takes a function returning an Iterable (a List), where Spark's returns an Iterator: "
                        + "drop the .iterator() call, as in x -> Arrays.asList(x.split(\" \"))",
                firstLine("DStream<String> words = ssc.queueStream(new ArrayDeque<List<String>>())"
                        + ".flatMap(x -> Arrays.asList(x.split(\" \")).iterator());"));
        assertEquals("error: Sluice's pairs are Pair: write Pair.of(k, v), p.key() and p.value() for new Tuple2<>(k, v), t._1() and t._2()",
                firstLine("ssc.queueStream(new ArrayDeque<List<String>>()).mapToPair(w -> new Tuple2<>(w, 1))"));
        assertEquals("error: Sluice's names drop Spark's Java prefix: RDD, PairRDD, DStream, PairDStream, DoubleRDD",
                firstLine("JavaPairDStream<String, Integer> p2 = pairs;"));
        String ctx = errors("JavaStreamingContext jssc = new JavaStreamingContext(conf, Durations.seconds(1));");
        assertTrue(ctx.startsWith("error: in the shell the context is ssc (a StreamingContext, also for parallelize and textFile); "
                + "in a program, StreamingContext.builder().batchInterval(...).build()"), ctx);
        // One message: not the same hint for both uses of the name, nor errors that follow (Spark's conf, Durations).
        assertEquals(1, ctx.lines().filter(l -> l.startsWith("error:")).count(), ctx);
        String imports = errors("import org.apache.spark.streaming.api.java.JavaPairDStream;");
        assertEquals(1, imports.lines().filter(l -> l.startsWith("error:")).count(), imports);
        assertTrue(imports.startsWith("error: Sluice needs no Spark imports"), imports);
    }
}
