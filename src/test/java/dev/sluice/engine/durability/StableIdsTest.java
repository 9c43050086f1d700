package dev.sluice.engine.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.sluice.engine.Engine;
import dev.sluice.engine.graph.PerBatchNode;
import dev.sluice.engine.graph.StreamNode;
import dev.sluice.sources.QueueSource;
import dev.sluice.streaming.ManualClock;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** Stable stream ids: names, shapes, and the index among streams of the same shape. */
class StableIdsTest {

    private static StreamNode<Object> op(Engine e, StreamNode<?> parent, String name) {
        return new PerBatchNode<>(e.graph(), List.of(parent), name, (rdds, t) -> null);
    }

    @Test
    void idsFollowTheShapeAndNamesWin() {
        Engine e = new Engine(1_000_000, 1, 1, new ManualClock(), 0);
        try {
            QueueSource<Object> src = new QueueSource<>(e.graph(), new ConcurrentLinkedQueue<List<Object>>(), true);
            StreamNode<Object> a = op(e, src, "map");
            StreamNode<Object> b = op(e, src, "map");
            StreamNode<Object> c = op(e, a, "filter");
            assertEquals("queueStream#0", StableIds.of(src));
            assertEquals("map(queueStream)#0", StableIds.of(a));
            assertEquals("map(queueStream)#1", StableIds.of(b));
            assertEquals("filter(map(queueStream))#0", StableIds.of(c));
            src.setName("in");
            assertEquals("name:in", StableIds.of(src));
            assertEquals("filter(map(name:in))#0", StableIds.of(c));
            c.setName("clean");
            assertEquals("name:clean", StableIds.of(c));
        } finally {
            e.stop(false);
        }
    }

    @Test
    void theSameProgramGivesTheSameIdsInAnotherContext() {
        Engine e1 = new Engine(1_000_000, 1, 1, new ManualClock(), 0);
        Engine e2 = new Engine(1_000_000, 1, 1, new ManualClock(), 0);
        try {
            new QueueSource<>(e2.graph(), new ConcurrentLinkedQueue<List<Object>>(), true);   // an extra stream, created first
            StreamNode<Object> x1 = op(e1, new QueueSource<>(e1.graph(), new ConcurrentLinkedQueue<List<Object>>(), true), "map");
            StreamNode<Object> x2 = op(e2, new QueueSource<>(e2.graph(), new ConcurrentLinkedQueue<List<Object>>(), true), "map");
            assertNotEquals(x1.id(), x2.id());
            assertEquals("map(queueStream)#0", StableIds.of(x1));
            assertEquals("map(queueStream)#0", StableIds.of(x2));
        } finally {
            e1.stop(false);
            e2.stop(false);
        }
    }
}
