package dev.sluice.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka broker of W7 through Kafka, seen from {@link LatencyBench}: a real single-node KRaft
 * broker in a child JVM of its own ({@code dev.sluice.bench.kafka.LatencyBrokerMain}, built by
 * bench/kafka-broker), so that its CPU time and garbage collection are not the engine's. Its data
 * and log are in a temporary directory. Topics are created and deleted through the child's standard
 * input ({@link #createTopic}, {@link #deleteTopic}).
 *
 * <p>{@link #close()} ends the broker by its process (standard input closed, which halts it; killed
 * if it has not exited 10 s later) and deletes the directory; a shutdown hook does the same if the
 * benchmark is interrupted, and the broker halts by itself when the benchmark's JVM dies (its
 * standard input ends).
 */
final class LatencyKafkaBroker implements AutoCloseable {
    private static final long READY_TIMEOUT_S = 120;
    private static final long COMMAND_TIMEOUT_S = 60;
    /** The broker JVM's options: a fixed heap, the JDK's default collector. */
    static final List<String> JVM_OPTIONS = List.of("-Xms512m", "-Xmx1g");

    private final Path dir;
    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final Thread hook;
    private final String bootstrap;
    private boolean closed;

    private LatencyKafkaBroker(Path dir, Process process, PrintStream log) throws IOException, InterruptedException {
        this.dir = dir;
        this.process = process;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.hook = new Thread(this::stopQuietly, "w7-broker-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    log.println("  broker: " + line);
                    if (line.startsWith("W7BROKER ")) {
                        answers.add(line.substring(9));
                    }
                }
            } catch (IOException e) {
                log.println("  (reading the broker's output failed: " + e + ")");
            }
            answers.add("FAILED the broker's process ended");
        }, "w7-broker-reader");
        reader.setDaemon(true);
        reader.start();
        String ready = answer(READY_TIMEOUT_S, "start");
        if (!ready.startsWith("READY ")) {
            throw new IllegalStateException("the Kafka broker did not start: " + ready + "; its log:\n" + logTail());
        }
        this.bootstrap = ready.substring(6).trim();
    }

    /**
     * Starts a broker with the classpath in {@code classpathFile} (bench/target/broker.classpath,
     * which bench/run.sh writes); returns once it serves requests.
     */
    static LatencyKafkaBroker start(Path classpathFile, PrintStream log) throws IOException, InterruptedException {
        if (!Files.isRegularFile(classpathFile)) {
            throw new IllegalStateException("no broker classpath at " + classpathFile
                    + ": build bench/kafka-broker (bench/run.sh does) or pass --broker-cp FILE");
        }
        Path dir = Files.createTempDirectory("sluice-w7-kafka-");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_OPTIONS);
        cmd.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Djava.awt.headless=true",
                "-cp", Files.readString(classpathFile).trim(), "dev.sluice.bench.kafka.LatencyBrokerMain", dir.toString()));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile())).start();
        } catch (IOException e) {
            delete(dir);
            throw e;
        }
        log.println("BROKER pid " + p.pid() + " in " + dir);
        try {
            return new LatencyKafkaBroker(dir, p, log);
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop(p);
            delete(dir);
            throw e;
        }
    }

    /** {@code 127.0.0.1:PORT} of the broker. */
    String bootstrap() {
        return bootstrap;
    }

    /** The broker's process id. */
    long pid() {
        return process.pid();
    }

    /** Creates {@code topic} with {@code partitions} partitions; returns once every partition has a leader. */
    synchronized void createTopic(String topic, int partitions) throws IOException, InterruptedException {
        command("create " + topic + " " + partitions, "CREATED " + topic);
    }

    /** Deletes {@code topic} (and so its data on disk). */
    synchronized void deleteTopic(String topic) throws IOException, InterruptedException {
        command("delete " + topic, "DELETED " + topic);
    }

    private void command(String command, String expected) throws IOException, InterruptedException {
        if (closed || !process.isAlive()) {
            throw new IllegalStateException("the Kafka broker is not running (" + command + "); its log:\n" + logTail());
        }
        answers.clear();
        commands.write(command + "\n");
        commands.flush();
        String a = answer(COMMAND_TIMEOUT_S, command);
        if (!a.equals(expected)) {
            throw new IllegalStateException("the Kafka broker answered '" + command + "' with: " + a);
        }
    }

    private String answer(long timeoutS, String what) throws InterruptedException {
        String a = answers.poll(timeoutS, TimeUnit.SECONDS);
        return a != null ? a : "FAILED no answer to '" + what + "' within " + timeoutS + " s";
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("broker.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Ends the broker's process and deletes its directory. */
    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running or has run
        }
    }

    private synchronized void stopQuietly() {
        if (closed) {
            return;
        }
        closed = true;
        stop(process);
        delete(dir);
    }

    private static void delete(Path dir) {
        try {
            SparkFreeFiles.deleteTree(dir);
        } catch (IOException e) {
            System.err.println("[bench] could not delete the broker's directory " + dir + ": " + e);
        }
    }

    /** Closes the process's standard input (it halts), then waits 10 s for it to exit before killing it. */
    private static void stop(Process p) {
        try {
            p.getOutputStream().close();
        } catch (IOException e) {
            // closed already
        }
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
