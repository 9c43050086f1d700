package dev.sluice.spark;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Spark context of this JVM (Spark allows one): made for the first context that runs on
 * Spark and kept for the next ones with the same master and configuration, as spark-shell keeps
 * its {@code sc} while streaming contexts come and go; a different master or configuration stops
 * it and makes a new one. Spark stops it when the JVM exits.
 */
final class SparkContexts {

    private static final Logger LOG = LoggerFactory.getLogger(SparkContexts.class);
    private static JavaSparkContext current;
    private static Map<String, String> currentSettings;

    private SparkContexts() {
    }

    /** Returns a running Spark context for {@code master} and {@code conf}, made on the calling thread if needed. */
    static synchronized JavaSparkContext get(String master, Map<String, String> conf, int parallelism) {
        SparkConf spark = conf(master, conf, parallelism);
        Map<String, String> settings = new java.util.TreeMap<>();
        for (scala.Tuple2<String, String> e : spark.getAll()) {
            settings.put(e._1(), e._2());
        }
        if (current != null && !current.sc().isStopped() && settings.equals(currentSettings)) {
            return current;
        }
        if (current != null) {
            LOG.info("Stopping the Spark context of {} for one with other settings", currentSettings.get("spark.master"));
            current.stop();
        }
        quietStops();
        long begin = System.nanoTime();
        current = new JavaSparkContext(spark);
        currentSettings = settings;
        LOG.info("Spark context on {} up in {} ms", master, (System.nanoTime() - begin) / 1_000_000);
        return current;
    }

    /**
     * With a checkpoint directory Spark keeps a write-ahead log of received blocks, for its own
     * recovery of a driver from the checkpoint, which the runner never does (its checkpoint
     * directory serves state and windows of one run). Each stop of a streaming context, which the
     * runner does at every restart and at the end, makes that log warn: its writer was interrupted,
     * and a graceful stop closes it before the last batches' clean-up is written (a stack trace per
     * batch). With SLF4J's simple logger (the shell's and the kernel's) those two loggers are
     * raised to errors only, unless the user set their level; other logging backends are left as
     * configured.
     */
    private static void quietStops() {
        for (String logger : List.of("org.apache.spark.streaming.util.BatchedWriteAheadLog",
                "org.apache.spark.streaming.scheduler.ReceivedBlockTracker")) {
            System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log." + logger, "error");
        }
    }

    /** Stops the Spark context, if one runs. */
    static synchronized void stop() {
        if (current != null) {
            current.stop();
            current = null;
            currentSettings = null;
        }
    }

    /**
     * Spark's configuration for a context: the runner's defaults, then what the user set (which wins).
     * The defaults: no web UI, the driver on loopback for a local or loopback master, Sluice's
     * parallelism as Spark's default number of partitions, Sluice's serializer (Java serialization
     * that carries java.util.Optional), the core, runner and kafka-clients jars for executors (a
     * {@code spark.jars} of the user's is added to them, not put in their place; for a cluster also as
     * the executors' {@code spark.executor.extraClassPath}, since an executor needs the serializer
     * before it fetches jars), and the shell's directory of snippet classes when it writes one.
     */
    static SparkConf conf(String master, Map<String, String> user, int parallelism) {
        SparkConf c = new SparkConf().setMaster(master).setAppName("sluice");
        c.set("spark.ui.enabled", "false");
        c.set("spark.ui.showConsoleProgress", "false");
        c.set("spark.default.parallelism", Integer.toString(parallelism));
        c.set("spark.serializer", SluiceSerializer.class.getName());
        c.set("spark.streaming.stopGracefullyOnShutdown", "false");
        if (master.startsWith("local") || master.contains("://127.0.0.1") || master.contains("://localhost")) {
            c.set("spark.driver.host", "127.0.0.1");
            c.set("spark.driver.bindAddress", "127.0.0.1");
        }
        List<String> jars = new ArrayList<>();
        addJar(jars, dev.sluice.streaming.StreamingContext.class);
        addJar(jars, SparkContexts.class);
        addJar(jars, org.apache.kafka.clients.consumer.KafkaConsumer.class);     // kafkaStream's tasks read with kafka-clients
        if (!jars.isEmpty()) {
            c.set("spark.jars", String.join(",", jars));
            if (!master.startsWith("local")) {
                // An executor makes its serializer (SluiceSerializer, from the runner's jar) when it
                // starts, before it fetches spark.jars: the jars must be on its own class path. This
                // names the driver's paths, right for a cluster on this machine or one where Sluice is
                // installed at the same path on every worker; otherwise set
                // spark.executor.extraClassPath to where the jars are on the workers.
                List<String> paths = new ArrayList<>();
                for (String jar : jars) {
                    paths.add(Path.of(java.net.URI.create(jar)).toString());
                }
                c.set("spark.executor.extraClassPath", String.join(java.io.File.pathSeparator, paths));
            }
        }
        String replDir = System.getProperty("sluice.repl.class.dir");
        if (replDir != null && !replDir.isBlank()) {
            c.set("spark.repl.class.outputDir", replDir);
        }
        for (Map.Entry<String, String> e : user.entrySet()) {
            if (e.getKey().equals("spark.jars") && !jars.isEmpty()) {
                // The user's jars (e.g. a program's own, whose lambdas the executors run) come in
                // addition to the core and the runner, which executors always need.
                c.set("spark.jars", String.join(",", jars) + (e.getValue().isBlank() ? "" : "," + e.getValue()));
            } else {
                c.set(e.getKey(), e.getValue());
            }
        }
        return c;
    }

    /** Adds the jar {@code type} was loaded from, if it was loaded from a jar (not from a build's class directory). */
    private static void addJar(List<String> jars, Class<?> type) {
        try {
            var source = type.getProtectionDomain().getCodeSource();
            if (source == null) {
                return;
            }
            Path p = Path.of(source.getLocation().toURI());
            if (Files.isRegularFile(p) && p.toString().endsWith(".jar")) {
                jars.add(p.toUri().toString());
            }
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            LOG.debug("No jar for {}", type, e);
        }
    }
}
