package dev.sluice.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.engine.plan.ElementOp;
import dev.sluice.engine.plan.OutputOp;
import dev.sluice.engine.plan.SourceOp;
import dev.sluice.engine.plan.StreamOp;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The registry of the Spark runner's translators covers the plan's operators (but for those it names as not yet). */
class SparkTranslatorsTest {

    /** Operators the runner does not translate yet, each refused with a message naming it: none at present. */
    static final Set<Class<?>> NOT_YET = Set.of();

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
    void everyOperatorOfThePlanHasATranslatorButThoseNamed() {
        List<Class<?>> ops = new ArrayList<>(records(StreamOp.class));
        ops.addAll(records(OutputOp.class));
        assertTrue(ops.size() >= 46, "found only " + ops.size() + " operators: " + ops);
        Set<Class<?>> kinds = SparkTranslators.standard().kinds();
        List<Class<?>> missing = new ArrayList<>();
        for (Class<?> op : ops) {
            if (!kinds.contains(op) && !NOT_YET.contains(op)) {
                missing.add(op);
            }
        }
        assertEquals(List.of(), missing, "operators without a Spark translator");
        assertTrue(ops.containsAll(kinds), "a translator for a class that is not an operator: " + kinds);
        assertTrue(ops.containsAll(NOT_YET), "NOT_YET names a class that is not an operator");
    }

    @Test
    void anOperatorWithoutATranslatorIsRefusedByName() {
        SparkTranslators onlyMap = new SparkTranslators().stream(ElementOp.Map.class, (op, in) -> {
            throw new AssertionError("not reached");
        });
        assertEquals(Set.of(ElementOp.Map.class), onlyMap.kinds());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> onlyMap.of(new SourceOp.QueueStream(new LinkedList<>(), true)));
        assertEquals("the Spark runner cannot run queueStream() yet (QueueStream); run this stream on the embedded engine (no --master)",
                e.getMessage());
        UnsupportedOperationException out = assertThrows(UnsupportedOperationException.class,
                () -> onlyMap.of(new OutputOp.Print(new SourceOp.RateStream(1), 10)));
        assertEquals("the Spark runner cannot run the output print() yet (Print); run it on the embedded engine (no --master)",
                out.getMessage());
    }
}
