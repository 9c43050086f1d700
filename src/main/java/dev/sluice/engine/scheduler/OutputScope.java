package dev.sluice.engine.scheduler;

import dev.sluice.streaming.Console;

/**
 * Remembers, per thread, the console of the output operation whose job the thread is working for.
 *
 * <p>Set by the job scheduler around an output's job and by the task pool around each task of that
 * job, so that {@link Console#current()} answers on worker threads too.
 */
public final class OutputScope {

    private static final ThreadLocal<Console> CURRENT = new ThreadLocal<>();

    private OutputScope() {
    }

    /** Returns the console of the output this thread works for, or null. */
    public static Console current() {
        return CURRENT.get();
    }

    /** Sets this thread's console and returns the previous one (to be restored with {@link #restore}). */
    public static Console enter(Console console) {
        Console previous = CURRENT.get();
        // set, not removed when null: a job thread keeps its entry instead of making one per output
        CURRENT.set(console);
        return previous;
    }

    /** Restores the console returned by {@link #enter}. */
    public static void restore(Console previous) {
        CURRENT.set(previous);
    }
}
