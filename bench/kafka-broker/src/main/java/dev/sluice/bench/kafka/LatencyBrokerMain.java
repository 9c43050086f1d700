package dev.sluice.bench.kafka;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;

/**
 * The broker JVM of W7 through Kafka: a real single-node Kafka broker in KRaft mode (broker and
 * controller in this one process) on free ports of 127.0.0.1, with its data in the directory given.
 *
 * <pre>
 * java -cp bench/target/broker.classpath dev.sluice.bench.kafka.LatencyBrokerMain DIR
 * </pre>
 *
 * <p>It formats the storage with Kafka's storage tool, starts {@code kafka.Kafka}, waits until the
 * broker answers and prints {@code W7BROKER READY 127.0.0.1:PORT}. Then it reads commands, one a
 * line, from its standard input and answers each with one line on standard output:
 * {@code create TOPIC PARTITIONS} (answer {@code W7BROKER CREATED TOPIC} once every partition has
 * a leader) and {@code delete TOPIC} ({@code W7BROKER DELETED TOPIC}); a failure is answered
 * {@code W7BROKER FAILED reason}. When its standard input ends (the benchmark closed it, or died)
 * the process halts at once, so the broker never outlives the benchmark. Kafka's own log lines go
 * to standard error.
 */
public final class LatencyBrokerMain {
    private static final long TIMEOUT_S = 30;

    private LatencyBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        try {
            run(Path.of(args[0]), out);
        } catch (Throwable e) {
            out.println("W7BROKER FAILED " + oneLine(e));
            out.flush();
            e.printStackTrace();
        }
        Runtime.getRuntime().halt(0);
    }

    private static void run(Path dir, PrintStream out) throws Exception {
        int port = freePort();
        int controllerPort = freePort();
        Path config = dir.resolve("server.properties");
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("data").toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("delete.topic.enable", "true");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        try (Writer w = Files.newBufferedWriter(config)) {
            p.store(w, "W7 single-node broker");
        }
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int rc = kafka.tools.StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(),
                "-c", config.toString(), "--ignore-formatted"}, new PrintStream(text, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("formatting the broker's storage failed (" + rc + "): " + text);
        }
        Thread server = new Thread(() -> kafka.Kafka.main(new String[] {config.toString()}), "kafka-main");
        server.setDaemon(true);
        server.start();
        String bootstrap = "127.0.0.1:" + port;
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_S)))) {
            awaitReady(admin, server);
            out.println("W7BROKER READY " + bootstrap);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String[] w = line.trim().split("\\s+");
                try {
                    if (w.length == 3 && w[0].equals("create")) {
                        create(admin, w[1], Integer.parseInt(w[2]));
                        out.println("W7BROKER CREATED " + w[1]);
                    } else if (w.length == 2 && w[0].equals("delete")) {
                        admin.deleteTopics(List.of(w[1])).all().get(TIMEOUT_S, TimeUnit.SECONDS);
                        out.println("W7BROKER DELETED " + w[1]);
                    } else {
                        out.println("W7BROKER FAILED unknown command: " + line);
                    }
                } catch (Exception e) {
                    out.println("W7BROKER FAILED " + oneLine(e));
                }
                out.flush();
            }
        }
    }

    private static void awaitReady(Admin admin, Thread server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the broker stopped while starting (see its log)");
            }
            try {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                admin.listTopics().names().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                last = e;
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the broker did not answer within 90 s", last);
    }

    /** Creates {@code topic} and waits (bounded) until every partition has a leader. */
    private static void create(Admin admin, String topic, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        Object last = null;
        while (true) {
            try {
                TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS).get(topic);
                if (d.partitions().size() == partitions && d.partitions().stream().allMatch(x -> x.leader() != null && !x.leader().isEmpty())) {
                    return;
                }
                last = d;
            } catch (ExecutionException e) {
                // the new topic's metadata has not reached the broker's cache yet (UnknownTopicOrPartition)
                last = e.getCause();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("partitions of " + topic + " have no leader after " + TIMEOUT_S + " s: " + last);
            }
            Thread.sleep(50);
        }
    }

    private static String oneLine(Throwable e) {
        return String.valueOf(e).replace('\n', ' ') + (e.getCause() != null ? " (" + String.valueOf(e.getCause()).replace('\n', ' ') + ")" : "");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
