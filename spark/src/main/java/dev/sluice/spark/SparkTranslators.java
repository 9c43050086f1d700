package dev.sluice.spark;

import dev.sluice.engine.plan.OutputOp;
import dev.sluice.engine.plan.StreamOp;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The registry of the Spark runner's translators: one per stream operator class and one per output
 * operator class. A missing translator is an error that names the operator, never a fallback.
 */
final class SparkTranslators {

    private final Map<Class<?>, OpTranslator<?>> streams = new HashMap<>();
    private final Map<Class<?>, OutputTranslator<?>> outputs = new HashMap<>();

    /** Returns the registry of every operator the runner translates. */
    static SparkTranslators standard() {
        SparkTranslators t = new SparkTranslators();
        SourceTranslators.register(t);
        ElementTranslators.register(t);
        AggregateTranslators.register(t);
        WindowTranslators.register(t);
        KeyedTranslators.register(t);
        StateTranslators.register(t);
        OutputTranslators.register(t);
        return t;
    }

    <O extends StreamOp> SparkTranslators stream(Class<O> kind, OpTranslator<O> translator) {
        streams.put(kind, translator);
        return this;
    }

    <O extends OutputOp> SparkTranslators output(Class<O> kind, OutputTranslator<O> translator) {
        outputs.put(kind, translator);
        return this;
    }

    /** Returns the operator classes that have a translator. */
    Set<Class<?>> kinds() {
        Set<Class<?>> all = new HashSet<>(streams.keySet());
        all.addAll(outputs.keySet());
        return all;
    }

    @SuppressWarnings("unchecked")
    <O extends StreamOp> OpTranslator<O> of(O op) {
        OpTranslator<O> t = (OpTranslator<O>) streams.get(op.getClass());
        if (t == null) {
            throw new UnsupportedOperationException("the Spark runner cannot run " + op.kind() + "() yet ("
                    + op.getClass().getSimpleName() + "); run this stream on the embedded engine (no --master)");
        }
        return t;
    }

    @SuppressWarnings("unchecked")
    <O extends OutputOp> OutputTranslator<O> of(O op) {
        OutputTranslator<O> t = (OutputTranslator<O>) outputs.get(op.getClass());
        if (t == null) {
            throw new UnsupportedOperationException("the Spark runner cannot run the output " + op.kind() + "() yet ("
                    + op.getClass().getSimpleName() + "); run it on the embedded engine (no --master)");
        }
        return t;
    }
}
