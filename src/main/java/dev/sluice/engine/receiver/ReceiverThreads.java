package dev.sluice.engine.receiver;

import dev.sluice.engine.scheduler.EngineThreads;

/**
 * The thread group of a context's receivers. Each supervisor thread runs in it, so the threads a
 * receiver starts in {@code onStart} (and the pools they make) are in it too, and carry their
 * receiver's supervisor from the thread that created them: an exception that ends one of them
 * goes to that supervisor, which reports it as the receiver's failure (with the stack frames of the
 * user's code) and restarts the receiver, instead of the JVM printing it to standard error.
 */
final class ReceiverThreads extends ThreadGroup {

    /** The supervisor of the receiver whose thread (or a thread it started) this is. */
    private static final InheritableThreadLocal<ReceiverSupervisor> OWNER = new InheritableThreadLocal<>();

    ReceiverThreads(String name) {
        super(EngineThreads.root(), name);
    }

    /** Marks the calling thread, and the threads it starts from now on, as {@code supervisor}'s. */
    static void own(ReceiverSupervisor supervisor) {
        OWNER.set(supervisor);
    }

    @Override
    public void uncaughtException(Thread t, Throwable e) {
        ReceiverSupervisor owner = OWNER.get();
        if (owner == null) {
            super.uncaughtException(t, e);
            return;
        }
        owner.threadDied(t, e);
    }
}
