package dev.sluice.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.engine.rdd.ElementStep;
import dev.sluice.engine.rdd.MapPartitionsNode;
import dev.sluice.engine.rdd.ParallelCollectionNode;
import dev.sluice.engine.rdd.RddContext;
import dev.sluice.session.Session;
import dev.sluice.session.SessionOptions;
import dev.sluice.streaming.Console;
import dev.sluice.streaming.FilterFunction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A snippet's function inside the engine's steps, as a lineage over a Spark batch ships it: the
 * check before the job finds the top-level variables it reads however deep it sits (in an element
 * step inside a partition task), ships their values with the step, and names a variable that cannot
 * be shipped. An executor is played by a class loader that loads the snippet classes afresh from
 * the class directory Spark serves.
 */
class ShipmentShellTest {

    private static Session session;
    private static final dev.sluice.engine.scheduler.TaskPool POOL = new dev.sluice.engine.scheduler.TaskPool("shipment-test", 1);
    private static final RddContext CONTEXT = new RddContext(POOL, 1, 1);

    @BeforeAll
    static void open() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Console console = Console.of(out, out);
        session = Session.open(SessionOptions.builder().master("local[2]").manualClock(true)
                .batchInterval(Duration.ofSeconds(1)).parallelism(2).console(() -> console).build());
    }

    @AfterAll
    static void close() {
        if (session != null) {
            session.close();
        }
        POOL.shutdown();
    }

    @Test
    void aSnippetFunctionInsideAnEngineStepShipsTheVariablesItReads() throws Exception {
        session.eval("String[] stopWords = {\"or\", \"not\"};");
        session.eval("dev.sluice.spark.Kept.keep((FilterFunction<String>) w -> !Arrays.asList(stopWords).contains(w));");
        @SuppressWarnings("unchecked")
        FilterFunction<String> fn = (FilterFunction<String>) Kept.FUNCTION.get();
        // the step a filter on a batch makes, as the translation ships it
        ParallelCollectionNode<String> none = ParallelCollectionNode.slice(CONTEXT, List.<String>of(), 1, "test");
        RddContext.PartitionTask<String, Iterator<String>> task = new MapPartitionsNode<>(none, ElementStep.filter(fn), true, "filter").function();
        Shipment shipment = Shipment.check("the filter", task);
        assertEquals(List.of("stopWords"), shipment.names());

        Path classes = Path.of(System.getProperty(Session.REPL_CLASS_DIR_PROPERTY));
        try (URLClassLoader executor = new URLClassLoader(new URL[] {classes.toUri().toURL()}, ShipmentShellTest.class.getClassLoader())) {
            Object[] shipped = roundTrip(new Object[] {task, shipment.asFromAnotherJvm()}, executor);
            @SuppressWarnings("unchecked")
            RddContext.PartitionTask<String, Iterator<String>> remote = (RddContext.PartitionTask<String, Iterator<String>>) shipped[0];
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(executor);
            try {
                assertThrows(NullPointerException.class, () -> drain(remote.apply(0, List.of("to", "be").iterator())),
                        "the variable is unassigned on the executor before the shipment is installed");
                ((Shipment) shipped[1]).install();
                assertEquals(List.of("to", "be", "be"), drain(remote.apply(0, List.of("to", "be", "or", "not", "be").iterator())));
            } finally {
                thread.setContextClassLoader(previous);
            }
        }

        session.eval("Thread helper = new Thread(() -> {});");
        session.eval("dev.sluice.spark.Kept.keep((FilterFunction<String>) w -> helper.getName().equals(w));");
        @SuppressWarnings("unchecked")
        FilterFunction<String> unshippable = (FilterFunction<String>) Kept.FUNCTION.get();
        Shipment.NotShippable e = assertThrows(Shipment.NotShippable.class,
                () -> Shipment.check("the filter", new MapPartitionsNode<>(none, ElementStep.filter(unshippable), true, "filter").function()));
        assertTrue(e.getMessage().contains("'helper'") && e.getMessage().contains("java.lang.Thread"), e.getMessage());
        assertFalse(Shipment.check("compiled code", ElementStep.filter((FilterFunction<String>) w -> true)).names().iterator().hasNext());
    }

    private static List<String> drain(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static Object[] roundTrip(Object[] values, ClassLoader loader) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(values);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws java.io.IOException, ClassNotFoundException {
                return Class.forName(desc.getName(), false, loader);
            }
        }) {
            return (Object[]) in.readObject();
        }
    }
}
