package dev.sluice.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The floor under W7 through Kafka: the send-to-poll time of Kafka's own clients, with no stream
 * engine, against the same broker as {@link LatencyBench} (a new topic of 2 partitions). One JVM
 * holds a producer ({@code acks=1}, {@code linger.ms=0}, paced like {@link LatencyFeeder}: it parks
 * between sends) and a consumer assigned both partitions that polls without pause; each record's
 * value is its send time ({@code System.nanoTime()}), read back on arrival. Prints p50, p99 and max
 * over {@code seconds} after 5 s of warm-up.
 *
 * <pre>java -cp ... dev.sluice.bench.KafkaFloor BROKER_CLASSPATH_FILE RATE SECONDS</pre>
 */
public final class KafkaFloor {
    private static final long WARMUP_NANOS = 5_000_000_000L;

    private KafkaFloor() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: KafkaFloor BROKER_CLASSPATH_FILE RATE SECONDS");
        }
        int rate = Integer.parseInt(args[1]);
        long measureNanos = Long.parseLong(args[2]) * 1_000_000_000L;
        try (LatencyKafkaBroker broker = LatencyKafkaBroker.start(Path.of(args[0]), System.err)) {
            broker.createTopic("floor", 2);
            List<TopicPartition> partitions = List.of(new TopicPartition("floor", 0), new TopicPartition("floor", 1));
            long warmEnd = System.nanoTime() + WARMUP_NANOS;
            long end = warmEnd + measureNanos;
            long[] latencies = new long[(int) Math.min(Integer.MAX_VALUE - 8, (long) rate * (measureNanos / 1_000_000_000L + 1))];
            int[] measured = {0};
            Thread consumer = new Thread(() -> {
                Properties cp = new Properties();
                cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
                cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
                try (KafkaConsumer<String, String> c = new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer())) {
                    c.assign(partitions);
                    c.seekToEnd(partitions);
                    while (System.nanoTime() < end + 1_000_000_000L) {
                        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
                            long now = System.nanoTime();
                            long sent = Long.parseLong(r.value());
                            if (sent >= warmEnd && sent < end && measured[0] < latencies.length) {
                                latencies[measured[0]++] = now - sent;
                            }
                        }
                    }
                }
            }, "floor-consumer");
            consumer.start();
            Properties pp = new Properties();
            pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
            pp.put(ProducerConfig.ACKS_CONFIG, "1");
            pp.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
            try (KafkaProducer<String, String> p = new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer())) {
                long start = System.nanoTime();
                long sent = 0;
                int key = 0;
                for (long now = start; now < end; now = System.nanoTime()) {
                    long due = (now - start) * rate / 1_000_000_000L;
                    while (sent < due) {
                        p.send(new ProducerRecord<>("floor", Integer.toString(key++ % 1000), Long.toString(System.nanoTime())));
                        sent++;
                    }
                    LockSupport.parkNanos(200_000);
                }
            }
            consumer.join();
            long[] l = Arrays.copyOf(latencies, measured[0]);
            Arrays.sort(l);
            if (l.length == 0) {
                System.out.println("Kafka's clients alone: no record measured");
                return;
            }
            System.out.printf("Kafka's clients alone, %,d records/s: %,d records measured, p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    rate, l.length, l[l.length / 2] / 1e6, l[(int) (l.length * 0.99)] / 1e6, l[l.length - 1] / 1e6);
        }
    }
}
