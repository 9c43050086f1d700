package dev.sluice.spark;

import org.junit.jupiter.api.Test;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The line a restart writes names batch times as the rest of Sluice does (time of day, or t= on a
 * manual clock), and says what receivers and timeouts lose only when the plan has them.
 */
class RestartMessageTest {
    @Test
    void batchTimesReadAsTimesOfDayOrSecondsFromAManualClocksZero() {
        long t = ZonedDateTime.now(ZoneId.systemDefault()).with(LocalTime.of(10, 4, 21)).toInstant().toEpochMilli();
        String wall = SparkExecution.restartMessage(t, t + 4000, 1000, 850, 0, 0, 0, 0);
        assertTrue(wall.contains("the last batch before the restart was 10:04:21, the first after it is 10:04:25;"
                + " 3 batch times were skipped (10:04:22 to 10:04:24; queue, file, rate and Kafka streams lose nothing: what they"
                + " have for those times comes in the first batch after); the restart took 850 ms"), wall);
        String manual = SparkExecution.restartMessage(2000, 4000, 1000, 90, 0, 0, 0, 0);
        assertTrue(manual.contains("was t=2s, the first after it is t=4s; 1 batch time was skipped (t=3s; queue, file, rate and"
                + " Kafka streams lose nothing: what they have for that time comes in the first batch after)"), manual);
    }

    @Test
    void saysWhatReceiversAndTimeoutsLoseOnlyWhenThePlanHasThem() {
        String plain = SparkExecution.restartMessage(2000, 3000, 1000, 90, 1, 0, 0, 0);
        assertEquals("Attached by restarting Spark's streaming context (Spark cannot add streams or outputs to a running one):"
                + " the last batch before the restart was t=2s, the first after it is t=3s; no batch time was skipped; the restart"
                + " took 90 ms. Windows restart empty; the state of 1 state stream was carried over.", plain);
        for (String word : new String[] {"receiver", "socket", "onStart", "idle", "timeout"}) {
            assertFalse(plain.contains(word), word + " in " + plain);
        }

        String all = SparkExecution.restartMessage(2000, 3000, 1000, 90, 2, 1, 1, 1);
        assertTrue(all.endsWith("Windows restart empty; the state of 2 state streams was carried over, but the idle timeouts of"
                + " the mapWithState stream with a timeout count again from the restart (the carried state holds no idle times);"
                + " the socket stream's receiver was stopped and connected again: whether what the server sent while no receiver"
                + " was connected is kept or dropped is up to the server; the custom receiver was stopped and started again from"
                + " its onStart."), all);
        assertEquals(1, all.lines().count(), all);

        String many = SparkExecution.restartMessage(2000, 3000, 1000, 90, 3, 2, 2, 3);
        assertTrue(many.contains("the idle timeouts of 2 mapWithState streams with a timeout count again"), many);
        assertTrue(many.contains("the receivers of 2 socket streams were stopped and connected again"), many);
        assertTrue(many.contains("3 custom receivers were stopped and started again from their onStart."), many);

        String receiversOnly = SparkExecution.restartMessage(2000, 3000, 1000, 90, 0, 0, 0, 1);
        assertTrue(receiversOnly.endsWith("Windows restart empty; the custom receiver was stopped and started again from its"
                + " onStart."), receiversOnly);
    }
}
