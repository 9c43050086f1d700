package dev.sluice.streaming;

import dev.sluice.engine.rdd.RddNode;
import dev.sluice.engine.rdd.UserFunctionException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * What every {@link RDD} answers, as Spark's {@code JavaRDDLike}: its actions (which run a job and
 * return a value), its output to files and processes, and what it is (id, name, partitions,
 * checkpoint). Its transformations are {@link RDD}'s own; only the engine makes datasets, so this
 * class has no public constructor.
 */
public abstract class RDDLike<T> {

    final RddNode<T> node;

    RDDLike(RddNode<T> node) {
        this.node = Objects.requireNonNull(node);
    }

    /** Returns this dataset's id, unique within its context. */
    public int id() {
        return node.id();
    }

    /** Returns the number of partitions (and so of tasks per action). */
    public int getNumPartitions() {
        return node.numPartitions();
    }

    /** Returns the lineage, one operation per line, this dataset first. */
    public String toDebugString() {
        return node.lineage();
    }

    // ---- about the dataset

    /** Returns the name given by {@link #setName}, or null. */
    public String name() {
        return node.name();
    }

    /** Returns the partitions, in index order. */
    public List<Partition> partitions() {
        List<Partition> out = new ArrayList<>();
        for (int i = 0; i < node.numPartitions(); i++) {
            out.add(new Partition(i));
        }
        return out;
    }

    /** Returns how the keys of this dataset are partitioned, if that is known (after a by-key operation or {@code partitionBy}). */
    public Optional<Partitioner> partitioner() {
        return Partitioners.of(node);
    }

    /**
     * Returns the context this dataset was made in.
     *
     * @throws IllegalStateException if that context has stopped
     */
    public StreamingContext context() {
        return StreamingContext.owning(node.context());
    }

    /**
     * Asks that this dataset be saved to the context's checkpoint directory by the next job that
     * computes it, and read from there afterwards instead of being computed from its lineage (which
     * {@link #toDebugString()} then no longer shows). Cache it first, or the save computes it again.
     *
     * @throws IllegalStateException if the context has no checkpoint directory
     */
    public void checkpoint() {
        Path dir = context().checkpointDirectory().orElseThrow(() -> new IllegalStateException(
                "checkpoint() needs a checkpoint directory: build the context with .checkpointDir(path) "
                        + "(in the shell, start it with --checkpoint DIR)"));
        node.requestCheckpoint(dir.resolve("rdds"), Thread.currentThread().getContextClassLoader());
    }

    /** Returns true once this dataset has been saved by {@link #checkpoint()}. */
    public boolean isCheckpointed() {
        return node.isCheckpointed();
    }

    /** Returns the directory this dataset was saved to by {@link #checkpoint()}, once it was. */
    public Optional<String> getCheckpointFile() {
        return node.checkpointDirectory().map(Path::toString);
    }

    // ---- actions

    /** Returns all elements, partition by partition. */
    public List<T> collect() {
        List<List<T>> parts = run("collect", () -> node.context().runJob(node, (s, it) -> {
            List<T> out = new ArrayList<>();
            it.forEachRemaining(out::add);
            return out;
        }));
        List<T> all = new ArrayList<>();
        parts.forEach(all::addAll);
        return all;
    }

    /** Returns the number of elements. */
    public long count() {
        long counted = run("count", node::countWhereItLives);
        if (counted >= 0) {
            return counted;
        }
        List<Long> counts = run("count", () -> node.context().runJob(node, (s, it) -> {
            long n = 0;
            while (it.hasNext()) {
                it.next();
                n++;
            }
            return n;
        }));
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }

    /** Returns the first {@code n} elements, reading as few partitions as it can. */
    public List<T> take(int n) {
        List<T> out = new ArrayList<>();
        int total = node.numPartitions();
        int next = 0;
        int batch = 1;
        while (out.size() < n && next < total) {
            int count = Math.min(batch, total - next);
            int want = n - out.size();
            int from = next;
            List<List<T>> parts = run("take", () -> node.context().runJob(node, from, count, (s, it) -> {
                List<T> got = new ArrayList<>();
                while (got.size() < want && it.hasNext()) {
                    got.add(it.next());
                }
                return got;
            }));
            for (List<T> p : parts) {
                for (T x : p) {
                    if (out.size() < n) {
                        out.add(x);
                    }
                }
            }
            next += count;
            batch *= 4;
        }
        return out;
    }

    /**
     * Returns the first element.
     *
     * @throws NoSuchElementException if the dataset is empty
     */
    public T first() {
        List<T> one = take(1);
        if (one.isEmpty()) {
            throw new NoSuchElementException("first() of an empty RDD");
        }
        return one.get(0);
    }

    /** Returns true if the dataset has no elements. */
    public boolean isEmpty() {
        return take(1).isEmpty();
    }

    /**
     * Combines all elements with {@code f}.
     *
     * @throws UnsupportedOperationException if the dataset is empty
     */
    public T reduce(ReduceFunction<T> f) {
        Objects.requireNonNull(f, "f");
        List<Optional<T>> parts = run("reduce", () -> node.context().runJob(node, (s, it) -> {
            if (!it.hasNext()) {
                return Optional.<T>empty();
            }
            T acc = it.next();
            while (it.hasNext()) {
                acc = f.call(acc, it.next());
            }
            return Optional.ofNullable(acc);
        }));
        T result = null;
        boolean any = false;
        for (Optional<T> p : parts) {
            if (p.isPresent()) {
                result = any ? call(f, result, p.get()) : p.get();
                any = true;
            }
        }
        if (!any) {
            throw new UnsupportedOperationException("reduce() of an empty RDD");
        }
        return result;
    }

    /** Calls {@code f} on every element, on the worker threads. */
    public void foreach(VoidFunction<T> f) {
        Objects.requireNonNull(f, "f");
        run("foreach", () -> node.context().runJob(node, (s, it) -> {
            while (it.hasNext()) {
                f.call(it.next());
            }
            return null;
        }));
    }

    /** Calls {@code f} once per partition with its elements, on the worker threads. */
    public void foreachPartition(VoidFunction<Iterator<T>> f) {
        Objects.requireNonNull(f, "f");
        run("foreachPartition", () -> node.context().runJob(node, (s, it) -> {
            f.call(it);
            return null;
        }));
    }

    /**
     * Folds each partition, starting from {@code zero}, with {@code f}, then the partition results,
     * starting from {@code zero} again: {@code zero} is used once per partition plus once, so it
     * must be neutral for {@code f} (0 for a sum). {@code f} may modify and return its first
     * argument; each use gets its own copy of a serializable {@code zero}.
     */
    public T fold(T zero, ReduceFunction<T> f) {
        Objects.requireNonNull(f, "f");
        return RddActions.aggregate("fold", node, zero, f::call, f::call);
    }

    /**
     * Folds each partition into a {@code U} with {@code seqOp}, starting from {@code zero}, then
     * merges the partition results with {@code combOp}, starting from {@code zero} again (see
     * {@link #fold}).
     */
    public <U> U aggregate(U zero, Function2<U, T, U> seqOp, Function2<U, U, U> combOp) {
        Objects.requireNonNull(seqOp, "seqOp");
        Objects.requireNonNull(combOp, "combOp");
        return RddActions.aggregate("aggregate", node, zero, seqOp, combOp);
    }

    /**
     * Same result as {@link #aggregate}; {@code depth} (at least 1) is the number of levels Spark
     * would merge partition results in, which one process does not need.
     */
    public <U> U treeAggregate(U zero, Function2<U, T, U> seqOp, Function2<U, U, U> combOp, int depth) {
        checkDepth(depth);
        return aggregate(zero, seqOp, combOp);
    }

    /** Same as {@link #treeAggregate(Object, Function2, Function2, int)} with depth 2. */
    public <U> U treeAggregate(U zero, Function2<U, T, U> seqOp, Function2<U, U, U> combOp) {
        return treeAggregate(zero, seqOp, combOp, 2);
    }

    /** Same as {@link #treeAggregate(Object, Function2, Function2, int)}; where the final merge runs does not change the result. */
    public <U> U treeAggregate(U zero, Function2<U, T, U> seqOp, Function2<U, U, U> combOp, int depth,
                               boolean finalAggregateOnExecutor) {
        return treeAggregate(zero, seqOp, combOp, depth);
    }

    /** Same result as {@link #reduce}; {@code depth} must be at least 1. */
    public T treeReduce(ReduceFunction<T> f, int depth) {
        checkDepth(depth);
        return reduce(f);
    }

    /** Same as {@link #treeReduce(ReduceFunction, int)} with depth 2. */
    public T treeReduce(ReduceFunction<T> f) {
        return treeReduce(f, 2);
    }

    private static void checkDepth(int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be at least 1, got " + depth);
        }
    }

    /** Returns the {@code num} greatest elements in their natural order (which must be {@link Comparable}), greatest first. */
    public List<T> top(int num) {
        return top(num, natural());
    }

    /** Returns the {@code num} greatest elements by {@code comp}, greatest first. */
    public List<T> top(int num, Comparator<T> comp) {
        return RddActions.takeOrdered(node, num, Objects.requireNonNull(comp, "comp").reversed());
    }

    /** Returns the {@code num} least elements in their natural order, least first; equal elements in dataset order. */
    public List<T> takeOrdered(int num) {
        return takeOrdered(num, natural());
    }

    /** Returns the {@code num} least elements by {@code comp}, least first; equal elements in dataset order. */
    public List<T> takeOrdered(int num, Comparator<T> comp) {
        return RddActions.takeOrdered(node, num, Objects.requireNonNull(comp, "comp"));
    }

    /**
     * Returns the greatest element by {@code comp} (the first of equal ones).
     *
     * @throws UnsupportedOperationException if the dataset is empty
     */
    public T max(Comparator<T> comp) {
        return RddActions.max(node, Objects.requireNonNull(comp, "comp"));
    }

    /**
     * Returns the least element by {@code comp} (the first of equal ones).
     *
     * @throws UnsupportedOperationException if the dataset is empty
     */
    public T min(Comparator<T> comp) {
        return RddActions.min(node, Objects.requireNonNull(comp, "comp"));
    }

    /** Returns how many times each distinct element occurs. */
    public Map<T, Long> countByValue() {
        return RddActions.countByValue(node);
    }

    /**
     * Returns the number of distinct elements. Spark estimates it within {@code relativeSD}
     * (which must be above 0.000017); Sluice counts exactly, which is within any error.
     */
    public long countApproxDistinct(double relativeSD) {
        return RddActions.countApproxDistinct(node, relativeSD);
    }

    /** Returns an iterator over all elements that computes one partition at a time, as the iterator reaches it. */
    public Iterator<T> toLocalIterator() {
        return RddActions.toLocalIterator(node);
    }

    /** Returns the elements of the partitions {@code partitionIds}, one list per id. */
    public List<T>[] collectPartitions(int[] partitionIds) {
        return RddActions.collectPartitions(node, Objects.requireNonNull(partitionIds, "partitionIds"));
    }

    /**
     * Returns exactly {@code num} elements drawn at random (without replacement, at most all of
     * them), in random order; an action. With a seed, without replacement, the elements and their
     * order are Spark's for the same seed and partitions.
     */
    public List<T> takeSample(boolean withReplacement, int num) {
        return takeSample(withReplacement, num, new Random().nextLong());
    }

    /** Returns a sample as {@link #takeSample(boolean, int)}, the same every time for the same seed. */
    public List<T> takeSample(boolean withReplacement, int num, long seed) {
        return RddSampling.takeSample(node, withReplacement, num, seed);
    }

    // ---- files and processes

    /**
     * Writes each element's {@code String.valueOf} as a line into directory {@code path}: one
     * {@code part-NNNNN} file per partition, then an empty {@code _SUCCESS}; {@code ssc.textFile}
     * reads it back.
     *
     * @throws java.io.UncheckedIOException if {@code path} exists
     */
    public void saveAsTextFile(String path) {
        RddFiles.saveAsTextFile(node, Objects.requireNonNull(path, "path"));
    }

    /**
     * Writes the elements, Java-serialized, into directory {@code path} (one part file per
     * partition); {@link StreamingContext#objectFile(String)} reads them back.
     *
     * @throws java.io.UncheckedIOException if {@code path} exists
     */
    public void saveAsObjectFile(String path) {
        RddFiles.saveAsObjectFile(node, Objects.requireNonNull(path, "path"));
    }

    /**
     * Runs {@code command} (split at whitespace) once per partition, writes the partition's elements
     * to its standard input one per line, and returns the lines it prints; a non-zero exit status
     * fails the task.
     */
    public RDD<String> pipe(String command) {
        return pipe(RddFiles.tokenize(Objects.requireNonNull(command, "command")));
    }

    /** Same as {@link #pipe(String)} with the command and its arguments given one by one. */
    public RDD<String> pipe(List<String> command) {
        return pipe(command, Map.of());
    }

    /** Same as {@link #pipe(List)}, with {@code env} added to the command's environment. */
    public RDD<String> pipe(List<String> command, Map<String, String> env) {
        return pipe(command, env, false, 8192);
    }

    /**
     * Same as {@link #pipe(List, Map)}; with {@code separateWorkingDir} each task runs the command
     * in a fresh temporary directory; {@code bufferSize} is the buffer of its standard input.
     */
    public RDD<String> pipe(List<String> command, Map<String, String> env, boolean separateWorkingDir, int bufferSize) {
        return pipe(command, env, separateWorkingDir, bufferSize, "UTF-8");
    }

    /** Same as {@link #pipe(List, Map, boolean, int)}, reading and writing text in {@code encoding}. */
    public RDD<String> pipe(List<String> command, Map<String, String> env, boolean separateWorkingDir, int bufferSize,
                            String encoding) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(env, "env");
        return new RDD<>(RddFiles.pipe(node, command, env, separateWorkingDir, bufferSize, encoding));
    }

    /** Returns {@code RDD[id] operation (n partitions)}. */
    @Override
    public String toString() {
        return "RDD[" + node.id() + "] " + node.operation() + " (" + node.numPartitions() + " partitions)";
    }

    // ---- helpers

    @SuppressWarnings({"unchecked", "rawtypes"})
    static <T> Comparator<T> natural() {
        return (Comparator<T> & java.io.Serializable) (a, b) -> ((Comparable) a).compareTo(b);
    }

    private static <T> T call(ReduceFunction<T> f, T a, T b) {
        try {
            return f.call(a, b);
        } catch (Exception e) {
            throw new JobFailedException("reduce failed: " + e, e);
        }
    }

    static <U> U run(String action, Callable<U> body) {
        try {
            return body.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamingException(action + "() was interrupted", e);
        } catch (StreamingException e) {
            throw e;
        } catch (Exception e) {
            Throwable cause = UserFunctionException.unwrap(e);
            throw new JobFailedException(action + "() failed: " + cause, cause);
        }
    }
}
