package dev.sluice.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.sluice.engine.rdd.HashPartitioner;
import dev.sluice.engine.rdd.KeyedOps;
import dev.sluice.engine.rdd.ParallelCollectionNode;
import dev.sluice.engine.rdd.RddContext;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.engine.scheduler.TaskPool;
import dev.sluice.streaming.Pair;

/**
 * The engine's shuffle and by-key combine, below the streaming layer: W1's (word, 1) pairs of
 * {@code lines} lines, already in memory.
 *
 * <ul>
 * <li>{@code shuffleReduceByKey}: 2 map partitions, map-side combine into 2 reduce partitions, reduce
 * side merge, on a 2-thread task pool (what every W1 batch does after flatMap/mapToPair).
 * <li>{@code shuffleGroupByKey}: the same pairs grouped by key into 2 reduce partitions with no
 * combining (the shuffle behind {@code updateStateByKey}), every group read through. Their values
 * are all one object, the boxed {@code 1L}.
 * <li>{@code shuffleGroupByKeyVaried}: the same with a distinct value object per pair, the case in
 * which the grouping has to keep every value.
 * <li>{@code combineByKey}: one partition already partitioned by key, so the engine combines in place
 * without a shuffle: the cost of the hash-map combine alone, on one thread.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class ShuffleBench {

    @Param({"100000"})
    public int lines;

    private TaskPool pool;
    private RddContext ctx;
    private List<Pair<String, Long>> pairs;
    private List<Pair<String, Long>> variedPairs;
    private Object[][] onePartition;

    @Setup(Level.Trial)
    public void setUp() {
        pool = new TaskPool("jmh", 2);
        ctx = new RddContext(pool, 2, 1);
        pairs = Inputs.wordPairs(lines);
        variedPairs = new ArrayList<>(pairs.size());
        for (Pair<String, Long> p : pairs) {
            variedPairs.add(Pair.of(p.key(), 1000L + variedPairs.size()));
        }
        onePartition = new Object[][] {pairs.toArray()};
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.shutdown();
    }

    @Benchmark
    public long shuffleReduceByKey() throws Exception {
        RddNode<Pair<String, Long>> input = ParallelCollectionNode.slice(ctx, pairs, 2, "bench");
        return count(KeyedOps.reduceByKey(input, new HashPartitioner(2), Long::sum));
    }

    @Benchmark
    public long shuffleGroupByKey() throws Exception {
        return groupAll(pairs);
    }

    @Benchmark
    public long shuffleGroupByKeyVaried() throws Exception {
        return groupAll(variedPairs);
    }

    private long groupAll(List<Pair<String, Long>> records) throws Exception {
        RddNode<Pair<String, Long>> input = ParallelCollectionNode.slice(ctx, records, 2, "bench");
        long n = 0;
        for (long c : ctx.runJob(KeyedOps.groupByKey(input, new HashPartitioner(2)), (split, groups) -> {
            long values = 0;
            while (groups.hasNext()) {
                for (Long v : groups.next().value()) {
                    values += v;
                }
            }
            return values;
        })) {
            n += c;
        }
        return n;
    }

    @Benchmark
    public long combineByKey() throws Exception {
        HashPartitioner one = new HashPartitioner(1);
        RddNode<Pair<String, Long>> input = new ParallelCollectionNode<>(ctx, onePartition, one, "bench");
        return count(KeyedOps.reduceByKey(input, one, Long::sum));
    }

    private long count(RddNode<?> rdd) throws Exception {
        long n = 0;
        for (long c : ctx.runJob(rdd, (split, data) -> {
            long k = 0;
            while (data.hasNext()) {
                data.next();
                k++;
            }
            return k;
        })) {
            n += c;
        }
        return n;
    }
}
