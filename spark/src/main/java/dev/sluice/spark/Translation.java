package dev.sluice.spark;

import dev.sluice.engine.plan.OutputOp;
import dev.sluice.engine.plan.Plan;
import dev.sluice.engine.plan.StreamOp;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.streaming.OutputOperationInfo;
import dev.sluice.streaming.RDD;
import dev.sluice.streaming.Time;
import dev.sluice.streaming.spi.RunnerContext;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.OneToOneDependency;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;

/**
 * One translation of a context's plan onto one Spark streaming context: which Spark stream each
 * operator became, the outputs registered, and the driver-side state the Spark functions reach
 * through {@link #get(int)} (they capture only this translation's number, so Spark can serialize
 * its graph for checkpoints).
 */
final class Translation {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Map<Integer, Translation> LIVE = new ConcurrentHashMap<>();

    final int id = IDS.incrementAndGet();
    final RunnerContext runner;
    final JavaStreamingContext jssc;
    final JavaSparkContext jsc;
    private final SparkTranslators translators;
    private final Map<StreamOp, Dataset> done = new IdentityHashMap<>();
    /** Side results of translators that later operators read (mapWithState's Spark stream for stateSnapshots). */
    final Map<StreamOp, Object> extras = new IdentityHashMap<>();
    /** Each output's outcome per batch time, until the batch completes. */
    private final Map<Long, List<OutputOperationInfo>> outcomes = new ConcurrentHashMap<>();
    /** The last batch's Spark dataset of every stream that was in the plan at start, for latest() (not persisted). */
    private final Map<StreamOp, JavaRDD<Object>> latest = new ConcurrentHashMap<>();
    /** Driver-side objects Spark functions reach by number (static tables of joins). */
    private final List<Object> kept = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Why a stream of the plan has no Spark stream, for latest(). */
    private final Map<StreamOp, String> untranslated = new IdentityHashMap<>();
    /**
     * Driver-side state of sources that outlives a restart of Spark's streaming context (a Kafka
     * stream's offsets, a directory's selection of files, a rate stream's position), by source operator; shared by the translations of one execution, which closes them.
     */
    Map<StreamOp, AutoCloseable> sources = java.util.Collections.synchronizedMap(new IdentityHashMap<>());
    /** Names of Spark's input streams by Spark stream id, for batch statistics. */
    final Map<Integer, String> inputNames = new ConcurrentHashMap<>();
    /** The time of the last batch Spark generated and submitted in this translation's streaming context (its listener says so). */
    final java.util.concurrent.atomic.AtomicLong lastSubmitted = new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE);
    /** True if an operator needs Spark's checkpoint directory (state, windows with an inverse). */
    boolean needsCheckpoint;
    /** State carried over from the translation this one replaces, as datasets of Sluice pairs, by state operator. */
    private final Map<StreamOp, JavaRDD<Object>> carriedState = new IdentityHashMap<>();
    /** The last batch's state of every state stream (Spark pairs), for a restart to carry over. */
    private final Map<StreamOp, JavaPairRDD<Object, Object>> lastState = new ConcurrentHashMap<>();

    /** Runs the jobs of the API's datasets over Spark batches on Spark, and gives transform's results to Spark. */
    private final SparkJobs jobs;

    Translation(RunnerContext runner, JavaStreamingContext jssc, SparkTranslators translators) {
        this.runner = runner;
        this.jssc = jssc;
        this.jsc = jssc.sparkContext();
        this.translators = translators;
        // a library added to the session since the streams were launched reaches the executors before a query uses it
        this.jobs = new SparkJobs(new SparkLineage(jsc), () -> UserJars.ship(jsc, runner.classLoader(), runner::console));
        runner.rddContext().delegateJobs(jobs);
        LIVE.put(id, this);
    }

    /** Returns the live translation numbered {@code id}. */
    static Translation get(int id) {
        Translation t = LIVE.get(id);
        if (t == null) {
            throw new IllegalStateException("the Spark streaming context of this stream was stopped (translation " + id + ")");
        }
        return t;
    }

    /** Forgets this translation; its Spark functions fail from now on. */
    void close() {
        LIVE.remove(id);
        latest.clear();
    }

    /** Translates the whole plan: every output, then every stream for latest(). */
    void translate(Plan plan) throws Exception {
        // latest() first: its foreachRDD registers every stream with Spark's graph before the outputs
        for (Plan.Stream s : plan.streams()) {
            try {
                keepLatest(s.op());
            } catch (UnsupportedOperationException e) {
                untranslated.put(s.op(), e.getMessage());     // an output reading it fails below, with this message
            }
        }
        for (Plan.Output out : plan.outputs()) {
            output(out.id(), out.op());
        }
        for (StreamOp op : new ArrayList<>(done.keySet())) {
            if (StateCarry.carries(op)) {
                StateCarry.keep(op, this);
            }
        }
    }

    /**
     * Before {@link #translate}: the state streams start from {@code state} (datasets of Sluice pairs
     * by state operator, from {@link #takeState()} of the translation this one replaces).
     */
    void carryState(Map<StreamOp, JavaRDD<Object>> state) {
        carriedState.putAll(state);
    }

    /** Returns true if the translation has receiver streams (socket, receiverStream). */
    boolean hasReceivers() {
        return jssc.ssc().graph().getReceiverInputStreams().length > 0;
    }

    /** Returns the number of state streams whose state was carried into this translation. */
    int carriedStates() {
        return carriedState.size();
    }

    /**
     * Returns the number of carried {@code mapWithState} streams with a timeout: their keys' idle
     * times count again from the restart, as the carried snapshot has none.
     */
    int carriedTimeoutStates() {
        int n = 0;
        for (StreamOp op : carriedState.keySet()) {
            if (op instanceof dev.sluice.engine.plan.StateOp.MapWithState m && m.spec().getTimeout().isPresent()) {
                n++;
            }
        }
        return n;
    }

    /** Returns the number of translated streams of {@code kind} (a source operator's class), for what a restart stops. */
    int translated(Class<? extends StreamOp> kind) {
        int n = 0;
        for (StreamOp op : done.keySet()) {
            if (kind.isInstance(op)) {
                n++;
            }
        }
        return n;
    }

    void holdState(StreamOp op, JavaPairRDD<Object, Object> rdd) {
        lastState.put(op, rdd);
    }

    /**
     * After the streaming context stopped: the last state of every state stream, computed and cut
     * from this translation's lineage, for the next translation's {@link #carryState}.
     */
    Map<StreamOp, JavaRDD<Object>> takeState() {
        Map<StreamOp, JavaRDD<Object>> out = new IdentityHashMap<>();
        for (Map.Entry<StreamOp, JavaPairRDD<Object, Object>> e : lastState.entrySet()) {
            out.put(e.getKey(), StateCarry.detach(e.getValue()));
        }
        for (Map.Entry<StreamOp, JavaRDD<Object>> e : carriedState.entrySet()) {
            out.putIfAbsent(e.getKey(), e.getValue());     // no batch ran since the last restart: the state it was given
        }
        return out;
    }

    /** Takes the last batches of {@code previous} (the translation this one replaces) until this one has its own. */
    void inheritLatest(Translation previous) {
        for (Map.Entry<StreamOp, JavaRDD<Object>> e : previous.latest.entrySet()) {
            if (done.containsKey(e.getKey())) {
                latest.putIfAbsent(e.getKey(), e.getValue());
            }
        }
        previous.latest.clear();
    }

    /** Returns Spark's stream for {@code op}, translating it (and its parents) the first time. */
    Dataset of(StreamOp op) throws Exception {
        Dataset d = done.get(op);
        if (d == null) {
            StreamOp translated = StateCarry.withInitialState(op, carriedState.get(op), this);
            d = translators.of(translated).translate(translated, this);
            StateCarry.rekey(extras, translated, op);
            done.put(op, d);
        }
        return d;
    }

    private <O extends OutputOp> void output(int outputId, O op) throws Exception {
        translators.of(op).translate(op, outputId, this);
    }

    /** The body of an output for one batch, run on the driver. */
    interface BatchBody extends Serializable {
        void run(Translation in, JavaRDD<Object> rdd, Time time) throws Exception;
    }

    /** Registers output {@code outputId} on {@code stream}: {@code body} runs for every batch as the engine runs outputs. */
    void foreachBatch(int outputId, JavaDStream<Object> stream, BatchBody body) {
        int tid = id;
        stream.foreachRDD((rdd, time) -> Translation.get(tid).runBatch(outputId, rdd, new Time(time.milliseconds()), body));
    }

    private void runBatch(int outputId, JavaRDD<Object> rdd, Time time, BatchBody body) {
        OutputOperationInfo info = runner.runOutput(outputId, time, () -> body.run(this, rdd, time));
        if (info != null) {
            outcomes.computeIfAbsent(time.milliseconds(), t -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(info);
        }
    }

    /** Returns and forgets the outcomes of the outputs of batch {@code time}. */
    List<OutputOperationInfo> takeOutcomes(long time) {
        List<OutputOperationInfo> l = outcomes.remove(time);
        return l == null ? List.of() : new ArrayList<>(l);
    }

    private void keepLatest(StreamOp op) throws Exception {
        int tid = id;
        int key = keep(op);        // Spark serializes its graph for checkpoints: capture numbers, not the plan's operators
        of(op).elements().foreachRDD(rdd -> {
            Translation t = Translation.get(tid);
            t.holdLatest(t.kept(key), rdd);
        });
    }

    /**
     * Keeps the batch's dataset of {@code op} without persisting it: {@code latest()} computes it again
     * from its lineage (the queue's batch lives in its dataset, Spark keeps the shuffle outputs of a
     * dataset still referenced, and state is persisted by Spark). Persisting every stream's batch
     * stored each intermediate dataset of every batch (the lines, the words, the pairs): with it, W1
     * through the runner peaked at twice the memory of the same job written for Spark (bench/RESULTS.md).
     */
    private void holdLatest(StreamOp op, JavaRDD<Object> rdd) {
        latest.put(op, rdd);
    }

    /** Returns the dataset of {@code op}'s last batch, or null; {@code op} must have been in the plan at start. */
    RddNode<?> latest(StreamOp op) {
        String why = untranslated.get(op);
        if (why != null) {
            throw new IllegalStateException(why);
        }
        if (!done.containsKey(op)) {
            throw new IllegalStateException("latest() on Spark knows the streams that existed when Spark's streaming context"
                    + " (re)started; this one was made later and is attached at the next batch boundary: try again after the next batch");
        }
        JavaRDD<Object> rdd = latest.get(op);
        return rdd == null ? null : new SparkBatchNode<>(runner.rddContext(), rdd, "latest batch on Spark");
    }

    /** Keeps {@code o} for Spark functions, which find it by the returned number with {@link #kept(int)}. */
    int keep(Object o) {
        kept.add(o);
        return kept.size() - 1;
    }

    <T> T kept(int key) {
        return Fns.cast(kept.get(key));
    }

    // ---- datasets between the API and Spark

    /** Returns the API's dataset over Spark's {@code rdd} (elements as user code sees them). */
    RDD<Object> toApi(JavaRDD<Object> rdd, boolean pair, String operation) {
        return runner.wrap(new SparkBatchNode<>(runner.rddContext(), rdd, operation), pair);
    }

    /**
     * As {@link #toApi(JavaRDD, boolean, String)}; with {@code fromPairs}, {@code rdd} is the element
     * view of a batch made as Spark pairs (see {@link Dataset#elementsMapPairs}), and its
     * {@code count()} counts the pair batch: no element is turned into a Sluice pair for it.
     */
    RDD<Object> toApi(JavaRDD<Object> rdd, boolean pair, String operation, boolean fromPairs) {
        org.apache.spark.rdd.RDD<?> counted = rdd.rdd();
        if (fromPairs && counted.dependencies().size() == 1
                && counted.dependencies().head() instanceof OneToOneDependency<?> d) {
            counted = d.rdd();
        }
        return runner.wrap(new SparkBatchNode<>(runner.rddContext(), rdd, operation, counted), pair);
    }

    /**
     * Returns Spark's dataset for an API dataset: Spark's own when {@code rdd} is one it handed out
     * unchanged; for a lineage over Spark batches, Spark's dataset computing the same partitions with
     * the same functions ({@link SparkLineage}); otherwise (a static dataset, or a lineage with a step
     * that does not translate or serialize) the dataset's partitions, computed on the driver and
     * distributed with the same partitioning.
     */
    JavaRDD<Object> toSpark(RDD<?> rdd) {
        if (rdd == null) {
            throw new IllegalStateException("the transform function returned null; return an RDD (e.g. ssc.emptyRDD())");
        }
        RddNode<?> node = runner.unwrap(rdd);
        if (node instanceof SparkBatchNode<?> s) {
            return Fns.cast(s.spark());
        }
        JavaRDD<Object> onSpark = jobs.onSpark(node);
        if (onSpark != null) {
            return onSpark;
        }
        List<List<Object>> parts = Fns.cast(rdd.glom().collect());
        if (parts.isEmpty()) {
            return jsc.emptyRDD();
        }
        return jsc.parallelize(parts, parts.size()).flatMap(List::iterator);
    }

    /** Returns Spark's duration for a Java one. */
    static org.apache.spark.streaming.Duration d(java.time.Duration d) {
        return new org.apache.spark.streaming.Duration(d.toMillis());
    }
}
