package dev.sluice.spark;

import dev.sluice.engine.rdd.RddContext;
import dev.sluice.engine.rdd.RddNode;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * A driver-side dataset over one of Spark's: the API's {@code RDD} that {@code foreachRDD},
 * {@code transform} and {@code latest()} hand to user code on Spark. It has Spark's partitions; the
 * first partition read fetches all of them to the driver in one Spark job, and later reads are served
 * from that copy. Operations on it run on the driver; a dataset that is this one unchanged goes back
 * to Spark as the Spark dataset itself. {@code count()} on it counts on Spark.
 */
final class SparkBatchNode<T> extends RddNode<T> {

    private final JavaRDD<T> spark;
    private final String operation;
    private volatile List<T>[] fetched;

    SparkBatchNode(RddContext ctx, JavaRDD<T> spark, String operation) {
        super(ctx);
        this.spark = spark;
        this.operation = operation;
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
            return spark.count();
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
