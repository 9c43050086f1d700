package dev.sluice.spark;

import java.util.concurrent.atomic.AtomicReference;

/** Where a snippet in a test session leaves a function for the test to look at. */
public final class Kept {

    /** The function a snippet kept last. */
    public static final AtomicReference<Object> FUNCTION = new AtomicReference<>();

    private Kept() {
    }

    /** Keeps {@code fn} (called from snippets). */
    public static void keep(Object fn) {
        FUNCTION.set(fn);
    }
}
