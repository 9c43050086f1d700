package dev.sluice.spark;

import dev.sluice.streaming.Console;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships the jars the user's class loader holds beyond the class path the JVM started with (what
 * the shell's {@code :dependency} and {@code :classpath}, a notebook's {@code %maven} and
 * {@code %jars}, or {@code --dependency} added; the session puts them on its snippets' loader) to
 * Spark's executors with {@code SparkContext.addJar}, each once. Called whenever streams are
 * launched (at the start and at each restart for streams added later) and before every job the
 * API's datasets run on Spark ({@link SparkJobs}), so a library added after the context started
 * reaches the executors before a stream or a query that uses it runs there.
 *
 * <p>What cannot be shipped is said once on the console (and in the log): a folder of classes (Spark
 * adds jar files only; the executors find only the snippets' own classes without a jar), a jar Spark
 * refused (Spark logs its reason and goes on without it), and a jar whose file name is already
 * shipped from another folder (the executors know a jar by its name). Code on the executors that
 * uses such classes would fail there with {@code NoClassDefFoundError}.
 */
final class UserJars {

    private static final Logger LOG = LoggerFactory.getLogger(UserJars.class);

    /** The Spark context the two fields below are about; they start anew with a new context. */
    private static SparkContext shippedTo;
    /** Jar file name -> the path of the jar shipped under it, by this class, to {@link #shippedTo}. */
    private static final Map<String, String> shipped = new HashMap<>();
    /** Entries already reported as not shipped to {@link #shippedTo}. */
    private static final Set<String> reported = new HashSet<>();

    private UserJars() {
    }

    /**
     * Adds to {@code sc} each jar of {@code userLoader} it does not list yet; returns those added.
     * What cannot be shipped is reported once on the console {@code console} gives (asked only then;
     * it may give null) and in the log.
     */
    static synchronized List<String> ship(JavaSparkContext sc, ClassLoader userLoader, Supplier<Console> console) {
        if (!(userLoader instanceof URLClassLoader loader)) {
            return List.of();
        }
        if (shippedTo != sc.sc()) {
            shippedTo = sc.sc();
            shipped.clear();
            reported.clear();
        }
        URL[] urls = loader.getURLs();
        if (urls.length == 0) {
            return List.of();
        }
        Set<String> names = listedNames(sc);
        List<String> added = new ArrayList<>();
        for (URL url : urls) {
            String entry = url.toString();
            if (!entry.endsWith(".jar")) {
                if (entry.endsWith("/")) {
                    report(console, entry, "Not shipped to Spark's executors: " + url.getPath()
                            + " is a folder of classes, and Spark ships jar files only, so code running on the executors"
                            + " fails with NoClassDefFoundError on its classes. Package it as a jar (jar cf classes.jar -C "
                            + url.getPath() + " .) and add that with :classpath (or %jars in a notebook).");
                }
                continue;
            }
            String name = entry.substring(entry.lastIndexOf('/') + 1);
            if (names.contains(name)) {
                String before = shipped.get(name);
                if (before != null && !before.equals(url.getPath())) {
                    report(console, entry, "Not shipped to Spark's executors: " + url.getPath() + ", because a jar of the"
                            + " same name was shipped before from " + before + " and the executors know jars by name;"
                            + " code running on the executors uses that one. Rename one of the two, or stop the context"
                            + " and start a new session with the one you want.");
                }
                continue;
            }
            try {
                sc.addJar(entry);
            } catch (RuntimeException e) {
                LOG.warn("SparkContext.addJar({}) failed", entry, e);
            }
            names = listedNames(sc);
            if (!names.contains(name)) {
                // SparkContext.addJar logs why and goes on without the jar
                report(console, entry, "Could not ship " + url.getPath() + " to Spark's executors (Spark's reason is in the"
                        + " driver's log, from org.apache.spark.SparkContext): code running on the executors fails with"
                        + " NoClassDefFoundError on its classes. Check that the file is a readable jar, then add it again.");
                continue;
            }
            shipped.put(name, url.getPath());
            added.add(entry);
            LOG.info("Shipped {} to Spark's executors", entry);
        }
        return added;
    }

    /** The file names of the jars {@code sc} lists for its executors. */
    private static Set<String> listedNames(JavaSparkContext sc) {
        Set<String> names = new HashSet<>();
        for (String j : scala.jdk.javaapi.CollectionConverters.asJava(sc.sc().listJars())) {
            names.add(j.substring(j.lastIndexOf('/') + 1));
        }
        return names;
    }

    private static void report(Supplier<Console> consoles, String entry, String message) {
        if (!reported.add(entry)) {
            return;
        }
        Console console = consoles.get();
        if (console == null) {
            LOG.warn(message);
            return;
        }
        LOG.info(message);      // the user reads it on the console (a log line at WARN would show it twice in the shell)
        console.err().println(message);
        console.err().flush();
    }
}
