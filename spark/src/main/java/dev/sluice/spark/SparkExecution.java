package dev.sluice.spark;

import dev.sluice.engine.plan.StreamOp;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.streaming.spi.RunnerContext;
import dev.sluice.streaming.spi.RunnerExecution;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One context's run on Spark: at {@code start} it gets the JVM's Spark context, makes a Spark
 * streaming context with the batch interval, translates the plan into it, and starts it; batch
 * statistics come back through {@link BatchBridge}.
 */
final class SparkExecution implements RunnerExecution {

    private static final Logger LOG = LoggerFactory.getLogger(SparkExecution.class);

    private final RunnerContext context;
    private volatile JavaStreamingContext jssc;
    private volatile Translation translation;
    private Path tempCheckpoint;

    SparkExecution(RunnerContext context) {
        this.context = context;
    }

    @Override
    public synchronized void start() {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        // Spark's threads made from here on (a new Spark context's, the streaming context's job
        // threads) inherit the loader of the user's classes, so results of snippet types deserialize
        Thread.currentThread().setContextClassLoader(context.classLoader());
        try {
            JavaSparkContext sc = SparkContexts.get(context.master(), context.conf(), context.parallelism());
            dev.sluice.streaming.Clock clock = context.streamingContext().clock();
            if (!(clock instanceof dev.sluice.streaming.SystemClock)) {
                SluiceClock.use(clock);
                sc.sc().conf().set("spark.streaming.clock", SluiceClock.class.getName());   // read by the streaming context made next
            } else {
                sc.sc().conf().remove("spark.streaming.clock");
            }
            jssc = new JavaStreamingContext(sc, Translation.d(context.batchInterval()));
            translation = new Translation(context, jssc, SparkTranslators.standard());
            translation.translate(context.plan());
            if (translation.needsCheckpoint) {
                jssc.checkpoint(checkpointDir());
            }
            jssc.addStreamingListener(new BatchBridge(translation));
            jssc.start();
            LOG.info("Streaming on Spark ({}), batch {} ms", context.master(), context.batchInterval().toMillis());
        } catch (RuntimeException e) {
            cleanUp();
            throw e;
        } catch (Exception e) {
            cleanUp();
            throw new IllegalStateException("could not start the streams on Spark: " + e, e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /** The directory Spark checkpoints to: {@code spark.checkpoint.dir} if set, otherwise a temporary one of this run. */
    private String checkpointDir() throws IOException {
        String dir = context.conf().get("spark.checkpoint.dir");
        if (dir != null) {
            return dir;
        }
        if (context.streamingContext().checkpointDir().isPresent()) {
            return context.streamingContext().checkpointDir().get().resolve("spark").toString();
        }
        tempCheckpoint = Files.createTempDirectory("sluice-spark-checkpoint");
        return tempCheckpoint.toString();
    }

    @Override
    public void planChanged() {
        LOG.warn("A stream or output was added after the context started; Spark runs the graph it started with");
    }

    @Override
    public synchronized void stop(boolean gracefully) {
        JavaStreamingContext s = jssc;
        if (s != null) {
            s.stop(false, gracefully);
        }
        cleanUp();
    }

    private void cleanUp() {
        Translation t = translation;
        if (t != null) {
            t.close();
        }
        if (tempCheckpoint != null) {
            try (var files = Files.walk(tempCheckpoint)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                LOG.debug("Could not remove {}", tempCheckpoint, e);
            }
            tempCheckpoint = null;
        }
    }

    @Override
    public boolean awaitTermination(long timeoutMs) throws InterruptedException {
        JavaStreamingContext s = jssc;
        if (s == null) {
            return true;
        }
        if (timeoutMs < 0) {
            s.awaitTermination();
            return true;
        }
        return s.awaitTerminationOrTimeout(timeoutMs);
    }

    @Override
    public RddNode<?> latest(StreamOp stream) {
        Translation t = translation;
        if (t == null) {
            return null;
        }
        return t.latest(stream);
    }
}
