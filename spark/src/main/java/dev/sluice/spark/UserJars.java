package dev.sluice.spark;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships the jars the user's class loader holds beyond the class path the JVM started with (what
 * the shell's {@code :dependency} and {@code :classpath}, a notebook's {@code %maven} and
 * {@code %jars}, or {@code --dependency} added; the session puts them on its snippets' loader) to
 * Spark's executors with {@code SparkContext.addJar}, each once. Called whenever streams are
 * launched (at the start and at each restart for streams added later), so a library added after
 * the context started reaches the executors before the streams that use it run. Folders of classes
 * are not shipped (Spark adds jar files only); the executors find only the snippets' own classes
 * without a jar.
 */
final class UserJars {

    private static final Logger LOG = LoggerFactory.getLogger(UserJars.class);

    private UserJars() {
    }

    /** Adds to {@code sc} each jar of {@code userLoader} it does not list yet; returns those added. */
    static List<String> ship(JavaSparkContext sc, ClassLoader userLoader) {
        if (!(userLoader instanceof URLClassLoader loader)) {
            return List.of();
        }
        List<String> added = new java.util.ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String j : scala.jdk.javaapi.CollectionConverters.asJava(sc.sc().listJars())) {
            names.add(j.substring(j.lastIndexOf('/') + 1));
        }
        for (URL url : loader.getURLs()) {
            String jar = url.toString();
            String name = jar.substring(jar.lastIndexOf('/') + 1);
            if (!jar.endsWith(".jar") || names.contains(name)) {
                continue;
            }
            sc.addJar(jar);
            names.add(name);
            added.add(jar);
            LOG.info("Shipped {} to Spark's executors", jar);
        }
        return added;
    }
}
