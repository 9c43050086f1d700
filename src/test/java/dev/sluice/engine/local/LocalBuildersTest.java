package dev.sluice.engine.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.engine.plan.ElementOp;
import dev.sluice.engine.plan.OutputOp;
import dev.sluice.engine.plan.SourceOp;
import dev.sluice.engine.plan.StreamOp;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry of the embedded engine's builders is total over the plan's operators. */
class LocalBuildersTest {

    /** Every record class reachable from a sealed interface through its permitted subclasses. */
    private static List<Class<?>> records(Class<?> sealed) {
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> c : sealed.getPermittedSubclasses()) {
            if (c.isSealed()) {
                out.addAll(records(c));
            } else {
                assertTrue(c.isRecord(), c + " is a record");
                out.add(c);
            }
        }
        return out;
    }

    @Test
    void everyOperatorOfThePlanHasABuilder() {
        List<Class<?>> ops = new ArrayList<>(records(StreamOp.class));
        ops.addAll(records(OutputOp.class));
        assertTrue(ops.size() >= 39, "found only " + ops.size() + " operators: " + ops);
        List<Class<?>> missing = new ArrayList<>();
        for (Class<?> op : ops) {
            if (!LocalBuilders.standard().kinds().contains(op)) {
                missing.add(op);
            }
        }
        assertEquals(List.of(), missing);
        assertEquals(ops.size(), LocalBuilders.standard().kinds().size(), "no builder for a class that is not an operator");
    }

    @Test
    void aMissingBuilderIsAnErrorNamingTheOperator() {
        LocalBuilders onlyMap = LocalBuilders.empty().stream(ElementOp.Map.class, (op, in) -> {
            throw new AssertionError("not reached");
        });
        assertFalse(onlyMap.kinds().contains(SourceOp.QueueStream.class));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> onlyMap.nodeBuilder(new SourceOp.QueueStream(new LinkedList<>(), true)));
        assertEquals("the embedded engine has no builder for queueStream (dev.sluice.engine.plan.SourceOp$QueueStream)", e.getMessage());
        UnsupportedOperationException out = assertThrows(UnsupportedOperationException.class,
                () -> onlyMap.actionBuilder(new OutputOp.Print(new SourceOp.RateStream(1), 10)));
        assertEquals("the embedded engine has no builder for output print (dev.sluice.engine.plan.OutputOp$Print)", out.getMessage());
    }
}
