package dev.sluice.spark;

import dev.sluice.engine.rdd.RddContext;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.spark.Shipment.NotShippable;
import java.io.NotSerializableException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the actions of the API's datasets over Spark batches on Spark: installed on the context's
 * dataset context ({@link RddContext#delegateJobs}), it takes every job whose dataset reads a Spark
 * batch, translates the dataset's lineage ({@link SparkLineage}), runs the job's task on each
 * partition on the executors ({@code mapPartitionsWithIndex}) and collects the per-partition results
 * to the driver in partition order. So {@code collect}, {@code take}, {@code foreach},
 * {@code reduce}, {@code saveAsTextFile}... on a batch run where the batch is, and only their
 * results travel.
 *
 * <p>A job it cannot run there (a step without a Spark counterpart, a task or function that does not
 * serialize, a cached or checkpointed dataset computed on the driver) it declines before anything
 * runs on Spark, logging why at debug level, and the dataset context runs it on the driver as before
 * (the batch fetched once by its {@link SparkBatchNode}). A job that fails on Spark because a result
 * or a shuffled element does not serialize is run again on the driver the same way.
 */
final class SparkJobs implements RddContext.JobDelegate {

    private static final Logger LOG = LoggerFactory.getLogger(SparkJobs.class);

    private final SparkLineage lineage;
    /** Run before a job goes to Spark: ships the jars added to the session since the last job or launch. */
    private final Runnable beforeJob;

    SparkJobs(SparkLineage lineage, Runnable beforeJob) {
        this.lineage = lineage;
        this.beforeJob = beforeJob;
    }

    @Override
    public <T, U> List<U> runJob(RddNode<T> rdd, int from, int count, RddContext.PartitionTask<T, U> task) throws Exception {
        if (count <= 0 || !SparkLineage.readsSpark(rdd)) {
            return null;
        }
        SparkLineage.Translated onSpark;
        Shipment forTask;
        try {
            forTask = Shipment.check("the job's task", task);
            onSpark = lineage.translate(rdd);
        } catch (NotShippable e) {
            LOG.debug("A job over {} runs on the driver: {}", rdd, e.getMessage());
            return null;
        }
        Shipment shipment = forTask;
        beforeJob.run();
        RddContext.PartitionTask<Object, Object> t = Fns.cast(task);
        JavaRDD<Object> results = onSpark.rdd().mapPartitionsWithIndex((split, it) -> {
            shipment.install();
            return Collections.singletonList(t.apply(split, it)).iterator();
        }, false);
        int[] ids = new int[count];
        for (int i = 0; i < count; i++) {
            ids[i] = from + i;
        }
        List<Object>[] parts;
        try {
            parts = results.collectPartitions(ids);
        } catch (Exception e) {
            if (notSerializable(e)) {
                LOG.debug("A job over {} runs on the driver: on Spark, {}", rdd, e.toString());
                return null;
            }
            throw userFailure(e);
        }
        List<U> out = new ArrayList<>(count);
        for (List<Object> p : parts) {
            out.add(Fns.cast(p.get(0)));
        }
        return out;
    }

    /** Returns Spark's dataset for {@code node} if its lineage runs on Spark, else null (the reason logged at debug). */
    JavaRDD<Object> onSpark(RddNode<?> node) {
        if (!SparkLineage.readsSpark(node)) {
            return null;
        }
        try {
            JavaRDD<Object> rdd = lineage.translate(node).rdd();
            beforeJob.run();
            return rdd;
        } catch (NotShippable e) {
            LOG.debug("{} is computed on the driver: {}", node, e.getMessage());
            return null;
        }
    }

    /** Whether Spark failed the job because a task's result or a shuffled element does not serialize. */
    private static boolean notSerializable(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage();
            if (c instanceof NotSerializableException
                    || (m != null && (m.contains(NotSerializableException.class.getName()) || m.contains("had a not serializable result")))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The failure of a task's user function as the driver would have thrown it: Spark's job failure
     * carries the task's exception as its cause.
     */
    private static Exception userFailure(Exception e) {
        Throwable c = e;
        while (c instanceof org.apache.spark.SparkException && c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c instanceof Exception x ? x : e;
    }
}
