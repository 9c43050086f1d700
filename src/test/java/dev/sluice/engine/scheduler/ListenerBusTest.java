package dev.sluice.engine.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.streaming.StreamingListener;
import dev.sluice.streaming.Time;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** {@link ListenerBus}: every event to every listener, in order, on one thread, across idle waits. */
class ListenerBusTest {

    private static final long WAIT_MS = 20_000;

    /** Records the start times it is told about. */
    private static final class Recorder implements StreamingListener {
        final List<Long> seen = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onStreamingStarted(Time startTime) {
            seen.add(startTime.milliseconds());
        }
    }

    @Test
    void eventsFromSeveralThreadsReachEveryListenerInEachPostersOrder() throws Exception {
        ListenerBus bus = new ListenerBus("bus-test");
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        bus.add(a);
        bus.add(b);
        Thread[] posters = new Thread[3];
        for (int p = 0; p < posters.length; p++) {
            int base = p * 1_000_000;
            posters[p] = new Thread(() -> {
                for (int i = 0; i < 2000; i++) {
                    long t = base + i;
                    bus.post(l -> l.onStreamingStarted(new Time(t)));
                }
            });
            posters[p].start();
        }
        for (Thread t : posters) {
            t.join(WAIT_MS);
        }
        CountDownLatch delivered = new CountDownLatch(1);
        bus.afterPrevious(delivered::countDown);
        assertTrue(delivered.await(WAIT_MS, TimeUnit.MILLISECONDS));
        assertEquals(6000, a.seen.size());
        assertEquals(a.seen, b.seen);
        for (int p = 0; p < posters.length; p++) {
            long previous = -1;
            for (long t : a.seen) {
                if (t / 1_000_000 == p) {
                    assertTrue(t > previous, "poster " + p + "'s events out of order");
                    previous = t;
                }
            }
        }
        bus.stop(WAIT_MS);
    }

    @Test
    void eventsPostedAfterTheBusWentIdleAreDeliveredAndAFailingListenerKeepsItsPlace() throws Exception {
        ListenerBus bus = new ListenerBus("bus-test");
        Recorder after = new Recorder();
        bus.add(new StreamingListener() {
            @Override
            public void onStreamingStarted(Time startTime) {
                throw new IllegalStateException("fails on purpose");
            }
        });
        bus.add(after);
        // one event at a time, each after the last was delivered: the bus thread waits in between
        for (int i = 0; i < 200; i++) {
            long t = i;
            bus.post(l -> l.onStreamingStarted(new Time(t)));
            CountDownLatch delivered = new CountDownLatch(1);
            bus.afterPrevious(delivered::countDown);
            assertTrue(delivered.await(WAIT_MS, TimeUnit.MILLISECONDS), "event " + i + " was not delivered");
            assertEquals(i + 1, after.seen.size());
        }
        bus.stop(WAIT_MS);
    }

    @Test
    void stopDeliversWhatWasQueuedAndARemovedListenerHearsNothingMore() throws Exception {
        ListenerBus bus = new ListenerBus("bus-test");
        Recorder kept = new Recorder();
        Recorder removed = new Recorder();
        bus.add(kept);
        bus.add(removed);
        bus.post(l -> l.onStreamingStarted(new Time(1)));
        CountDownLatch first = new CountDownLatch(1);
        bus.afterPrevious(first::countDown);
        assertTrue(first.await(WAIT_MS, TimeUnit.MILLISECONDS));
        bus.remove(removed);
        for (int i = 2; i <= 100; i++) {
            long t = i;
            bus.post(l -> l.onStreamingStarted(new Time(t)));
        }
        bus.stop(WAIT_MS);
        assertEquals(100, kept.seen.size());
        assertEquals(List.of(1L), removed.seen);
    }
}
