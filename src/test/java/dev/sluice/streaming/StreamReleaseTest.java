package dev.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A stream that no output, variable or name reaches any more leaves the graph at a batch boundary,
 * with its remembered batches, and its source stops; one that is still named stays.
 */
class StreamReleaseTest {

    /** A receiver that stores nothing and records that it was started and stopped. */
    static final class FlagReceiver extends Receiver<String> {
        final AtomicBoolean stopped;
        final CountDownLatch started = new CountDownLatch(1);

        FlagReceiver(AtomicBoolean stopped) {
            this.stopped = stopped;
        }

        @Override
        public void onStart() {
            started.countDown();
        }

        @Override
        public void onStop() {
            stopped.set(true);
        }
    }

    /** Builds a source, a chain and an output on it, runs a batch, stops the output; returns a weak reference to the chain's end. */
    private static WeakReference<DStream<?>> useAndStop(StreamTestKit kit, AtomicBoolean stopped) throws InterruptedException {
        FlagReceiver receiver = new FlagReceiver(stopped);
        DStream<String> source = kit.ssc.receiverStream(receiver);
        DStream<Integer> lengths = source.map(String::length).filter(n -> n > 0);
        OutputHandle h = lengths.foreachRDD(rdd -> rdd.count());
        kit.run(1);
        // The receiver starts on its own supervisor thread; onStop runs only for a receiver whose
        // onStart ran, so wait (bounded) until it has started before letting the stream go.
        assertTrue(receiver.started.await(20, TimeUnit.SECONDS), "the receiver started");
        assertTrue(kit.ssc.streams().contains(lengths));
        h.stop();
        kit.run(1);
        assertEquals("stopped", h.status());
        return new WeakReference<>(lengths);
    }

    /**
     * Collects garbage and runs a batch until {@code ref} is cleared (at most 50 times), then runs
     * batches without collecting until the graph has {@code nodes} nodes, for at most 20 s: the JVM's
     * reference thread queues the cleared handles for the graph, which takes its time on a loaded
     * machine. No further collection is needed: the whole unreachable chain goes in one pass, not
     * one stream per collection.
     */
    private static void collectAndRun(StreamTestKit kit, WeakReference<?> ref, int nodes) throws InterruptedException {
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            kit.run(1);
        }
        assertNull(ref.get(), "the stream's last reference is gone");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (kit.ssc.graph().nodes().size() != nodes && System.nanoTime() < deadline) {
            kit.run(1);
        }
    }

    @Test
    void aStoppedChainNothingReferencesLeavesTheGraphAndItsSourceStops() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            DStream<Integer> kept = kit.input(List.of(1), List.of(2), List.of(3));
            var keptOut = kit.collect(kept.map(x -> x * 2));
            kit.run(1);
            int nodesBefore = kit.ssc.graph().nodes().size();
            int plannedBefore = kit.ssc.plan().streams().size();
            int streamsBefore = kit.ssc.streams().size();
            AtomicBoolean stopped = new AtomicBoolean();
            WeakReference<DStream<?>> chain = useAndStop(kit, stopped);
            assertEquals(nodesBefore + 3, kit.ssc.graph().nodes().size());
            collectAndRun(kit, chain, nodesBefore);
            assertEquals(nodesBefore, kit.ssc.graph().nodes().size(), "source, map and filter left the graph: " + kit.ssc.graph().nodes());
            assertEquals(streamsBefore, kit.ssc.streams().size());
            assertEquals(plannedBefore, kit.ssc.plan().streams().size(), "they left the logical plan too");
            assertTrue(stopped.get(), "the released source was stopped");
            assertEquals(0, kit.ssc.receivers().size(), "its receiver is no longer listed");
            assertTrue(kit.ssc.outputs().stream().allMatch(OutputHandle::isActive), "the stopped output nothing names is not listed");
            assertTrue(keptOut.handle.isActive());
            kit.run(1);
            assertEquals(List.of(List.of(2), List.of(4), List.of(6)), keptOut.batches().subList(0, 3), "the other output went on");
        }
    }

    @Test
    void aStreamAVariableOrANameReachesStays() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            AtomicBoolean stopped = new AtomicBoolean();
            DStream<String> source = kit.ssc.receiverStream(new FlagReceiver(stopped));
            source.map(String::length).name("lengths");
            OutputHandle h = source.map(String::trim).foreachRDD(rdd -> rdd.count());
            WeakReference<DStream<?>> temp = new WeakReference<>(source.filter(s -> true));
            kit.run(1);
            h.stop();
            int nodes = kit.ssc.graph().nodes().size();
            collectAndRun(kit, temp, nodes - 1);   // only the filter goes
            assertEquals(3, kit.ssc.graph().nodes().size(), "the source, the named map and the map h reads stay");
            assertFalse(stopped.get(), "the source is still named by a variable");
            assertEquals(1, kit.ssc.receivers().size());
            assertNotNull(kit.ssc.stream("lengths"), "a named stream is found by its name");
            assertTrue(kit.ssc.streams().contains(source));
            assertEquals("stopped", h.status());
            assertTrue(kit.ssc.outputs().contains(h), "a stopped output a variable names is listed, as stopped");
        }
    }
}
