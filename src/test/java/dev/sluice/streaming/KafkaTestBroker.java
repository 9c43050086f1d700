package dev.sluice.streaming;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real single-node Kafka broker for tests: KRaft mode with broker and controller in one child
 * JVM, listening on free loopback ports, with its logs in a temporary directory. The storage is
 * formatted in this JVM with Kafka's own storage tool; {@link #stop()} kills the broker and
 * {@link #start()} brings it back on the same ports and data, so tests can take it down.
 */
final class KafkaTestBroker implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration OP_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final Path config;
    private final Path log;
    private final int port;
    private Process process;
    private KafkaProducer<String, String> producer;
    private Admin admin;

    private KafkaTestBroker() throws IOException {
        this.dir = Files.createTempDirectory("sluice-kafka-");
        this.config = dir.resolve("server.properties");
        this.log = dir.resolve("broker.log");
        this.port = freePort();
        int controllerPort = freePort();
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
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        try (var out = Files.newBufferedWriter(config)) {
            p.store(out, "single-node test broker");
        }
    }

    /** Formats the storage and starts the broker; returns once it answers requests. */
    static KafkaTestBroker launch() throws Exception {
        KafkaTestBroker broker = new KafkaTestBroker();
        try {
            broker.format();
            broker.start();
            return broker;
        } catch (Exception | Error e) {
            broker.close();
            throw e;
        }
    }

    private void format() {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int rc = kafka.tools.StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(),
                "-c", config.toString(), "--ignore-formatted"}, new PrintStream(text, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("formatting the test broker's storage failed (" + rc + "): " + text);
        }
    }

    /** Starts the broker process (again, after {@link #stop()}) and waits until it serves requests. */
    void start() throws Exception {
        if (process != null && process.isAlive()) {
            return;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), KafkaBrokerMain.class.getName(), config.toString());
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        awaitReady();
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the test broker exited with " + process.exitValue() + "; its log:\n" + logTail());
            }
            try {
                admin().describeCluster().nodes().get(5, TimeUnit.SECONDS);
                admin().listTopics().names().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                last = e;
                process.waitFor(200, TimeUnit.MILLISECONDS);
            }
        }
        throw new IllegalStateException("the test broker did not answer within " + READY_TIMEOUT + "; its log:\n" + logTail(), last);
    }

    /** Kills the broker process (as a crash would); {@link #start()} brings it back. */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test broker did not exit within 30 s");
            }
        }
    }

    /** Returns {@code 127.0.0.1:port}. */
    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** Returns a configuration builder for this broker with the given topic and group, reading from the earliest offset. */
    KafkaSourceConfig.Builder source(String topic, String group) {
        return KafkaSourceConfig.builder().bootstrapServers(bootstrap()).topics(topic).groupId(group)
                .startingOffsets(KafkaSourceConfig.StartingOffsets.EARLIEST).requestTimeout(Duration.ofSeconds(5));
    }

    /** Creates a topic with {@code partitions} partitions. */
    void createTopic(String topic, int partitions) throws Exception {
        admin().createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(OP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        awaitLeaders(topic, partitions);
    }

    /** Waits (bounded) until the broker serves every partition of the topic, so the first write finds its leader. */
    private void awaitLeaders(String topic, int partitions) throws Exception {
        long deadline = System.nanoTime() + OP_TIMEOUT.toNanos();
        while (true) {
            TopicDescription d;
            try {
                d = admin().describeTopics(List.of(topic)).allTopicNames()
                        .get(OP_TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(topic);
            } catch (java.util.concurrent.ExecutionException e) {
                // the broker may answer for a topic just created before its metadata has it: ask again
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                process.waitFor(50, TimeUnit.MILLISECONDS);
                continue;
            }
            if (d.partitions().size() == partitions && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("partitions of " + topic + " have no leader after " + OP_TIMEOUT + ": " + d);
            }
            process.waitFor(50, TimeUnit.MILLISECONDS);
        }
    }

    /** Grows a topic to {@code partitions} partitions. */
    void addPartitions(String topic, int partitions) throws Exception {
        admin().createPartitions(Map.of(topic, NewPartitions.increaseTo(partitions))).all()
                .get(OP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        awaitLeaders(topic, partitions);
    }

    /** Writes {@code values} to one partition, in order, keyed {@code k<i>}; returns their offsets once all are acknowledged. */
    List<Long> produce(String topic, int partition, List<String> values) throws Exception {
        List<java.util.concurrent.Future<RecordMetadata>> acks = new ArrayList<>();
        for (String v : values) {
            acks.add(producer().send(new ProducerRecord<>(topic, partition, "k-" + v, v)));
        }
        producer().flush();
        List<Long> offsets = new ArrayList<>();
        for (var f : acks) {
            offsets.add(f.get(OP_TIMEOUT.toSeconds(), TimeUnit.SECONDS).offset());
        }
        return offsets;
    }

    /** Returns the group's committed offsets per partition of {@code topic} (partition -> offset). */
    Map<Integer, Long> committed(String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> all = admin().listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(OP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Map<Integer, Long> out = new HashMap<>();
        all.forEach((tp, om) -> {
            if (tp.topic().equals(topic) && om != null) {
                out.put(tp.partition(), om.offset());
            }
        });
        return out;
    }

    /**
     * Waits (at most {@code OP_TIMEOUT}) until the group's committed offsets of {@code topic} are
     * {@code expected}, for commits sent without waiting for the answer; returns the last seen.
     */
    Map<Integer, Long> awaitCommitted(String group, String topic, Map<Integer, Long> expected) throws Exception {
        long deadline = System.nanoTime() + OP_TIMEOUT.toNanos();
        Map<Integer, Long> seen = committed(group, topic);
        while (!seen.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            seen = committed(group, topic);
        }
        return seen;
    }

    /**
     * Sets the group's committed offsets of {@code topic} (partition -> offset), or removes them
     * where the offset is null; the group must have no active member.
     */
    void setCommitted(String group, String topic, Map<Integer, Long> offsets) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> set = new HashMap<>();
        java.util.Set<TopicPartition> removed = new java.util.HashSet<>();
        offsets.forEach((p, o) -> {
            if (o == null) {
                removed.add(new TopicPartition(topic, p));
            } else {
                set.put(new TopicPartition(topic, p), new OffsetAndMetadata(o));
            }
        });
        if (!set.isEmpty()) {
            admin().alterConsumerGroupOffsets(group, set).all().get(OP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        if (!removed.isEmpty()) {
            admin().deleteConsumerGroupOffsets(group, removed).all().get(OP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Map<String, Object> props = new HashMap<>();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
            props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) OP_TIMEOUT.toMillis());
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) OP_TIMEOUT.toMillis());
            producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> props = new HashMap<>();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) OP_TIMEOUT.toMillis());
            admin = Admin.create(props);
        }
        return admin;
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Stops the clients and the broker and deletes its directory. */
    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            if (producer != null) {
                producer.close(Duration.ofSeconds(2));
                producer = null;
            }
            if (admin != null) {
                admin.close(Duration.ofSeconds(2));
                admin = null;
            }
        }
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary directory is harmless
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
