package dev.sluice.session;

import dev.sluice.streaming.Console;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Hands a session's console supplier ({@link SessionOptions.Builder#console}) to the declaration of
 * {@code ssc} that JShell evaluates, which can refer to live objects only through a public static
 * lookup like this one.
 */
public final class ContextConsoles {
    private static final Map<Integer, Supplier<Console>> SUPPLIERS = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT = new AtomicInteger();

    private ContextConsoles() {
    }

    static int register(Supplier<Console> supplier) {
        int key = NEXT.incrementAndGet();
        SUPPLIERS.put(key, Objects.requireNonNull(supplier, "supplier"));
        return key;
    }

    /** The supplier registered under {@code key}; called by the context declaration only. */
    public static Supplier<Console> get(int key) {
        Supplier<Console> supplier = SUPPLIERS.get(key);
        if (supplier == null) {
            throw new IllegalStateException("no console supplier registered under " + key);
        }
        return supplier;
    }
}
