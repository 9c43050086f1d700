package dev.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSourceConfigTest {

    @Test
    void defaultsAndSettersAreKept() {
        KafkaSourceConfig c = KafkaSourceConfig.builder().bootstrapServers(" 127.0.0.1:9092 ").topics("a", "b", "a")
                .groupId("g").property("client.rack", "r1").build();
        assertEquals("127.0.0.1:9092", c.bootstrapServers());
        assertEquals(List.of("a", "b"), c.topics());
        assertEquals("g", c.groupId());
        assertEquals(KafkaSourceConfig.StartingOffsets.LATEST, c.startingOffsets());
        assertEquals(0, c.maxRatePerPartition());
        assertEquals(Duration.ofSeconds(10), c.requestTimeout());
        assertEquals(Duration.ofSeconds(5), c.partitionDiscoveryInterval());
        assertEquals(Duration.ZERO, KafkaSourceConfig.builder().bootstrapServers("h:1").topics("a").groupId("g")
                .partitionDiscoveryInterval(Duration.ZERO).build().partitionDiscoveryInterval());
        assertEquals(Map.of("client.rack", "r1"), c.properties());
        assertEquals("KafkaSourceConfig[127.0.0.1:9092, topics [a, b], group g, latest]", c.toString());
    }

    @Test
    void missingPartsAreNamedWithAnExample() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KafkaSourceConfig.builder().topics("a").groupId("g").build());
        assertTrue(e.getMessage().contains("bootstrapServers(\"127.0.0.1:9092\")"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> KafkaSourceConfig.builder().bootstrapServers("h:1").groupId("g").build());
        assertTrue(e.getMessage().contains("topic"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> KafkaSourceConfig.builder().bootstrapServers("h:1").topics("a").build());
        assertTrue(e.getMessage().contains("groupId"), e.getMessage());
    }

    @Test
    void propertiesTheSourceOwnsAndBadValuesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KafkaSourceConfig.builder().property("enable.auto.commit", "true"));
        assertTrue(e.getMessage().contains("set by the Kafka source itself"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KafkaSourceConfig.builder().maxRatePerPartition(-1));
        assertThrows(IllegalArgumentException.class, () -> KafkaSourceConfig.builder().requestTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> KafkaSourceConfig.builder().partitionDiscoveryInterval(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> KafkaSourceConfig.builder().topics("a", " "));
    }
}
