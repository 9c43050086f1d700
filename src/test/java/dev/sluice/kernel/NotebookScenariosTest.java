package dev.sluice.kernel;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.sluice.kernel.KernelProbe.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worked examples that used to be checked inside the notebooks (a windowed word count, a
 * stream-static join, sessions with mapWithState timeouts, recovery from a checkpoint), run
 * through the kernel on a {@code ManualClock} so every batch and every number is exact; the
 * notebooks themselves now run on the system clock and are checked from outside.
 */
class NotebookScenariosTest {
    private static KernelProbe k;

    @BeforeAll
    static void start() {
        k = new KernelProbe();
    }

    @AfterAll
    static void stop() {
        k.close();
    }

    @Test
    void aWindowedWordCountSlidesAndItsLiveViewsStopWithTheContext() {
        String setup = k.run("""
                ManualClock wcClock = new ManualClock();
                StreamingContext wc = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).clock(wcClock)
                    .console(cellConsole()).build();
                Queue<List<String>> lines = new java.util.concurrent.ConcurrentLinkedQueue<>();
                PairDStream<String, Long> counts = wc.queueStream(lines)
                    .flatMap(line -> Arrays.asList(line.toLowerCase().split("\\\\s+")))
                    .filter(word -> !word.isEmpty())
                    .mapToPair(word -> Pair.of(word, 1L))
                    .reduceByKeyAndWindow((a, b) -> a + b, Duration.ofSeconds(3), Duration.ofSeconds(1))
                    .name("word counts, last 3 s");
                LiveTable live = display(counts);
                LiveView chart = display(wc);
                wc.start();
                """);
        String viewId = (String) ((Map<?, ?>) k.of(setup, "display_data").get(0).get("transient")).get("display_id");
        String window = k.run("""
                lines.add(List.of("the quick brown fox", "jumps over the lazy dog"));
                lines.add(List.of("the fox"));
                lines.add(List.of("a dog"));
                for (int second = 1; second <= 3; second++) {
                    wcClock.advance(Duration.ofSeconds(1));
                    wc.awaitBatch(Time.ofMillis(second * 1000L), Duration.ofSeconds(60));
                }
                new TreeMap<>(counts.latest().collectAsMap())
                """);
        assertEquals("{a=1, brown=1, dog=2, fox=2, jumps=1, lazy=1, over=1, quick=1, the=3}", k.result(window));
        String slid = k.run("""
                wcClock.advance(Duration.ofSeconds(1));
                wc.awaitBatch(Time.ofMillis(4000), Duration.ofSeconds(60));
                new TreeMap<>(counts.latest().collectAsMap())
                """);
        assertEquals("{a=1, dog=1, fox=1, the=1}", k.result(slid), "the first batch left the window");
        k.await(m -> viewId.equals(KernelProbe.displayId(m)) && String.valueOf(data(content(m)).get("text/plain"))
                .startsWith("word counts, last 3 s · t=4s · 4 records"), "the live table of the batch at 4 s");
        String stopped = k.run("wc.stop();\n\"\" + wc.state() + \" \" + live.isActive() + \" \" + chart.isActive()");
        assertEquals("\"STOPPED false false\"", k.result(stopped));
        List<Map<String, Object>> shown = k.displays(viewId);
        String last = String.valueOf(data(shown.get(shown.size() - 1)).get("text/html"));
        assertTrue(last.contains("data-sluice-state=\"stopped\"") && last.contains("the context stopped"), last);
    }

    @Test
    void aStreamIsJoinedWithAStaticCatalog() {
        k.run("""
                ManualClock shopClock = new ManualClock();
                StreamingContext shop = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).clock(shopClock)
                    .console(cellConsole()).build();
                record Product(String name, int cents) {}
                record Order(String user, String product, int quantity) {}
                PairRDD<String, Product> catalog = shop.parallelizePairs(List.of(
                    Pair.of("p1", new Product("kettle", 2500)), Pair.of("p2", new Product("teapot", 1800)),
                    Pair.of("p3", new Product("mug", 600))));
                Queue<List<Order>> orders = new java.util.concurrent.ConcurrentLinkedQueue<>();
                DStream<Order> orderStream = shop.queueStream(orders).name("orders");
                PairDStream<String, Order> byProduct = orderStream.mapToPair(o -> Pair.of(o.product(), o));
                PairDStream<String, Long> revenue = byProduct.join(catalog)
                    .mapToPair(p -> Pair.of(p.value().key().user(), (long) p.value().key().quantity() * p.value().value().cents()))
                    .reduceByKey((a, b) -> a + b).name("revenue per user (cents)");
                DStream<Order> unknown = byProduct.leftOuterJoin(catalog).filter(p -> p.value().value().isEmpty())
                    .map(p -> p.value().key()).name("orders for unknown products");
                LiveTable revenueView = display(revenue);
                shop.start();
                """);
        String first = k.run("""
                orders.add(List.of(new Order("ana", "p1", 1), new Order("ben", "p3", 4), new Order("ana", "p3", 2)));
                shopClock.advance(Duration.ofSeconds(1));
                shop.awaitBatch(Time.ofMillis(1000), Duration.ofSeconds(60));
                new TreeMap<>(revenue.latest().collectAsMap()) + " " + unknown.latest().collect()
                """);
        assertEquals("\"{ana=3700, ben=2400} []\"", k.result(first));
        String second = k.run("""
                orders.add(List.of(new Order("cy", "p9", 1), new Order("ben", "p2", 1)));
                shopClock.advance(Duration.ofSeconds(1));
                shop.awaitBatch(Time.ofMillis(2000), Duration.ofSeconds(60));
                new TreeMap<>(revenue.latest().collectAsMap()) + " " + unknown.latest().collect() + " " + orderStream.latest().count()
                """);
        assertEquals("\"{ben=1800} [Order[user=cy, product=p9, quantity=1]] 2\"", k.result(second));
        assertEquals("false", k.result(k.run("shop.stop();\nrevenueView.isActive()")));
    }

    @Test
    void sessionsEndAtTheFirstBatchPastTheTimeout() {
        k.run("""
                ManualClock appClock = new ManualClock();
                StreamingContext app = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).clock(appClock)
                    .console(cellConsole()).build();
                Queue<List<String>> clicks = new java.util.concurrent.ConcurrentLinkedQueue<>();
                record Visit(String user, int clicks, boolean ended) {}
                StateSpec<String, Integer, Integer, Visit> visitSpec = StateSpec
                    .function((String user, Optional<Integer> newClicks, State<Integer> count) -> {
                        if (count.isTimingOut()) return new Visit(user, count.get(), true);
                        int total = count.getOption().orElse(0) + newClicks.orElse(0);
                        count.update(total);
                        return new Visit(user, total, false);
                    })
                    .timeout(Duration.ofSeconds(2));
                MapWithStateDStream<String, Integer, Integer, Visit> visits = app.queueStream(clicks)
                    .mapToPair(user -> Pair.of(user, 1)).reduceByKey((a, b) -> a + b).mapWithState(visitSpec).name("visits");
                PairDStream<String, Integer> open = visits.stateSnapshots().name("open visits");
                LiveTable openView = display(open);
                app.start();
                String step(String... users) throws InterruptedException {
                    clicks.add(List.of(users));
                    appClock.advance(Duration.ofSeconds(1));
                    app.awaitBatch(Time.ofMillis(appClock.millis()), Duration.ofSeconds(60));
                    List<Visit> out = new ArrayList<>(visits.latest().collect());
                    out.sort(Comparator.comparing(Visit::user));
                    return out.toString();
                }
                """);
        String steps = k.run("List.of(step(\"ana\", \"ben\", \"ana\"), step(\"ana\"), step(), step(\"cy\"), step(), "
                + "new TreeMap<>(open.latest().collectAsMap()).toString())");
        assertEquals("[[Visit[user=ana, clicks=2, ended=false], Visit[user=ben, clicks=1, ended=false]], "
                + "[Visit[user=ana, clicks=3, ended=false]], [], "
                + "[Visit[user=ben, clicks=1, ended=true], Visit[user=cy, clicks=1, ended=false]], "
                + "[Visit[user=ana, clicks=3, ended=true]], {cy=1}]", k.result(steps));
        k.run("app.stop();");
    }

    @Test
    void aContextRecoversItsStateFromACheckpoint() {
        String run = k.run("""
                Path checkpoints = Files.createTempDirectory("sluice-checkpoints");
                Queue<List<String>> ckWords = new java.util.concurrent.ConcurrentLinkedQueue<>();
                ManualClock ckClock = new ManualClock();
                class Built { PairDStream<String, Long> totals; int setups; }
                Built built = new Built();
                java.util.function.Supplier<StreamingContext> setup = () -> {
                    built.setups++;
                    StreamingContext c = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).clock(ckClock)
                        .checkpointDir(checkpoints).checkpointInterval(Duration.ofSeconds(1)).console(cellConsole()).build();
                    built.totals = c.queueStream(ckWords).mapToPair(w -> Pair.of(w, 1L))
                        .updateStateByKey((Iterable<Long> ones, Optional<Long> total) -> {
                            long sum = total.orElse(0L);
                            for (long one : ones) sum += one;
                            return Optional.of(sum);
                        }).name("running totals");
                    built.totals.foreachRDD(r -> { });
                    return c;
                };
                void nextBatch(StreamingContext c) throws InterruptedException {
                    ckClock.advance(Duration.ofSeconds(1));
                    c.awaitBatch(Time.ofMillis(ckClock.millis()), Duration.ofSeconds(60));
                }
                StreamingContext first = StreamingContext.getOrCreate(checkpoints, setup);
                first.start();
                ckWords.add(List.of("a", "b", "a"));
                nextBatch(first);
                ckWords.add(List.of("c"));
                nextBatch(first);
                String before = new TreeMap<>(built.totals.latest().collectAsMap()).toString();
                first.stop();
                StreamingContext second = StreamingContext.getOrCreate(checkpoints, setup);
                second.start();
                ckWords.add(List.of("a", "d"));
                nextBatch(second);
                String after = new TreeMap<>(built.totals.latest().collectAsMap()).toString();
                second.stop();
                before + " -> " + after + ", setups " + built.setups
                """);
        assertEquals("\"{a=2, b=1, c=1} -> {a=3, b=1, c=1, d=1}, setups 2\"", k.result(run));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> content(io.github.spencerpark.jupyter.messages.Message<?> m) {
        Object c = m.getContent();
        return c instanceof Map<?, ?> map && map.get("data") instanceof Map ? (Map<String, Object>) map : Map.of("data", Map.of());
    }
}
