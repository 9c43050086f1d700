package dev.sluice.engine.local;

import dev.sluice.engine.plan.OutputOp;
import dev.sluice.engine.plan.StreamOp;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The registry of the embedded engine's builders: one {@link NodeBuilder} per stream operator
 * class and one {@link ActionBuilder} per output operator class. A missing builder is an error
 * that names the operator, never a fallback.
 */
public final class LocalBuilders {

    private final Map<Class<?>, NodeBuilder<?>> nodes = new HashMap<>();
    private final Map<Class<?>, ActionBuilder<?>> actions = new HashMap<>();

    /** Returns an empty registry. */
    public static LocalBuilders empty() {
        return new LocalBuilders();
    }

    /** Returns the registry of every operator of the API. */
    public static LocalBuilders standard() {
        LocalBuilders b = new LocalBuilders();
        SourceBuilders.register(b);
        ElementBuilders.register(b);
        AggregateBuilders.register(b);
        WindowBuilders.register(b);
        KeyedBuilders.register(b);
        StateBuilders.register(b);
        OutputBuilders.register(b);
        return b;
    }

    /** Registers the builder of {@code kind}, replacing any earlier one; returns this. */
    public <O extends StreamOp> LocalBuilders stream(Class<O> kind, NodeBuilder<O> builder) {
        nodes.put(kind, builder);
        return this;
    }

    /** Registers the builder of output {@code kind}, replacing any earlier one; returns this. */
    public <O extends OutputOp> LocalBuilders output(Class<O> kind, ActionBuilder<O> builder) {
        actions.put(kind, builder);
        return this;
    }

    /** Returns the operator classes that have a builder. */
    public Set<Class<?>> kinds() {
        Set<Class<?>> all = new java.util.HashSet<>(nodes.keySet());
        all.addAll(actions.keySet());
        return all;
    }

    @SuppressWarnings("unchecked")
    <O extends StreamOp> NodeBuilder<O> nodeBuilder(O op) {
        NodeBuilder<O> b = (NodeBuilder<O>) nodes.get(op.getClass());
        if (b == null) {
            throw new UnsupportedOperationException("the embedded engine has no builder for " + op.kind()
                    + " (" + op.getClass().getName() + ")");
        }
        return b;
    }

    @SuppressWarnings("unchecked")
    <O extends OutputOp> ActionBuilder<O> actionBuilder(O op) {
        ActionBuilder<O> b = (ActionBuilder<O>) actions.get(op.getClass());
        if (b == null) {
            throw new UnsupportedOperationException("the embedded engine has no builder for output " + op.kind()
                    + " (" + op.getClass().getName() + ")");
        }
        return b;
    }
}
