package dev.sluice.spark;

import java.io.IOException;
import java.io.InputStream;

/**
 * Main class of the child JVM that runs the test broker: Kafka's server with the given properties
 * file, halted as soon as its standard input closes, so it never outlives the test JVM.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    /** Runs {@code kafka.Kafka} with {@code args}, watching standard input. */
    public static void main(String[] args) throws Exception {
        Thread watchdog = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // keep reading until the parent closes the pipe
                }
            } catch (IOException ignored) {
                // the pipe broke: the parent is gone
            }
            Runtime.getRuntime().halt(0);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        kafka.Kafka.main(args);
    }
}
