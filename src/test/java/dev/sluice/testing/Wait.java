package dev.sluice.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waits on conditions, for tests of background work. */
public final class Wait {

    private Wait() {
    }

    /** Returns once the condition holds; fails after the timeout, describing what was awaited. */
    public static void until(String what, BooleanSupplier condition, Duration timeout) {
        until(what, condition, timeout, () -> "");
    }

    /** As {@link #until(String, BooleanSupplier, Duration)}, adding {@code state} to the failure. */
    public static void until(String what, BooleanSupplier condition, Duration timeout, Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what
                        + (state.get().isEmpty() ? "" : "; state:\n" + state.get()));
            }
            LockSupport.parkNanos(5_000_000);
        }
    }
}
