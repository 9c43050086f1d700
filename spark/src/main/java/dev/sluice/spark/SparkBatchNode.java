package dev.sluice.spark;

import dev.sluice.engine.rdd.RddContext;
import dev.sluice.engine.rdd.RddNode;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * The API's {@code RDD} over one of Spark's datasets, which {@code foreachRDD}, {@code transform}
 * and {@code latest()} hand to user code on Spark. It has Spark's partitions, and it is the leaf of
 * the lineages user code builds on it:
 *
 * <ul>
 *   <li>a job over such a lineage ({@code collect}, {@code take}, {@code foreach},
 *       {@code saveAsTextFile}, ... on it or on what user code derived from it) runs on Spark:
 *       {@link SparkJobs}, the job delegate of the context's dataset context, translates the lineage
 *       ({@link SparkLineage}) and runs the job's task on each Spark partition in the executors;
 *   <li>a {@code transform}'s result goes back to Spark as that translation (as this dataset's Spark
 *       dataset itself when it is this one unchanged), see {@link Translation#toSpark};
 *   <li>{@code count()} on it counts on Spark.
 * </ul>
 *
 * <p>Only a lineage that does not translate or serialize reads this node's partitions on the driver
 * ({@link #compute}): the first read fetches all of them in one Spark job, later reads are served
 * from that copy, and jobs over this node run on the driver from then on.
 */
final class SparkBatchNode<T> extends RddNode<T> {

    private final JavaRDD<T> spark;
    private final String operation;
    private final org.apache.spark.rdd.RDD<?> counted;
    private volatile List<T>[] fetched;

    SparkBatchNode(RddContext ctx, JavaRDD<T> spark, String operation) {
        this(ctx, spark, operation, spark.rdd());
    }

    /** {@code counted}: a dataset with as many elements as {@code spark}, which {@link #countWhereItLives} counts instead. */
    SparkBatchNode(RddContext ctx, JavaRDD<T> spark, String operation, org.apache.spark.rdd.RDD<?> counted) {
        super(ctx);
        this.spark = spark;
        this.operation = operation;
        this.counted = counted;
    }

    /** Returns true once the partitions were fetched to the driver (later reads are served from there). */
    boolean isFetched() {
        return fetched != null;
    }

    /** Returns Spark's dataset under this one. */
    JavaRDD<T> spark() {
        return spark;
    }

    @Override
    public int numPartitions() {
        return spark.getNumPartitions();
    }

    @Override
    public String operation() {
        return operation;
    }

    /**
     * Counts on Spark ({@code rdd.count()} there) unless the partitions were already fetched: a
     * {@code foreachRDD(rdd -> rdd.count())} then ships one number per partition, not the batch.
     */
    @Override
    public long countWhereItLives() {
        List<T>[] all = fetched;
        if (all == null) {
            return counted.count();
        }
        long n = 0;
        for (List<T> part : all) {
            n += part.size();
        }
        return n;
    }

    @Override
    protected Iterator<T> compute(int split) {
        List<T>[] all = fetched;
        if (all == null) {
            synchronized (this) {
                all = fetched;
                if (all == null) {
                    int[] ids = new int[numPartitions()];
                    for (int i = 0; i < ids.length; i++) {
                        ids[i] = i;
                    }
                    all = spark.collectPartitions(ids);
                    fetched = all;
                }
            }
        }
        return all[split].iterator();
    }
}
