package dev.sluice.kernel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Ends a kernel whose Jupyter server is gone, instead of letting it run on with its streams: the
 * process that started the kernel has died (its pid no longer runs, or the kernel was handed to
 * another parent), or, for a kernel without a parent to watch, heartbeat pings that used to
 * arrive have stopped for {@link #HEARTBEAT_SILENCE_MS}.
 *
 * <p>{@link #check()} holds the logic and is driven by a test directly; {@link #start} runs it
 * once a second on a daemon thread.
 */
final class KernelWatchdog {
    private static final Logger log = LoggerFactory.getLogger(KernelWatchdog.class);
    /** How long heartbeat pings may stop before a kernel without a watchable parent ends. */
    static final long HEARTBEAT_SILENCE_MS = 5 * 60_000;

    /** What the watchdog sees of the process tree. */
    interface Parent {
        /** The pid of the process that started the kernel, as seen at start; empty when there is none worth watching. */
        Optional<Long> original();

        /** The pid of the kernel's parent now. */
        Optional<Long> current();

        /** Whether the original parent still runs. */
        boolean originalAlive();
    }

    private final Parent parent;
    private final LongSupplier lastPingNanos;
    private final LongSupplier nanoTime;
    private Thread thread;

    /**
     * @param lastPingNanos when the last heartbeat ping arrived ({@code nanoTime} scale), or
     *                      {@code Long.MIN_VALUE} before the first one
     */
    KernelWatchdog(Parent parent, LongSupplier lastPingNanos, LongSupplier nanoTime) {
        this.parent = parent;
        this.lastPingNanos = lastPingNanos;
        this.nanoTime = nanoTime;
    }

    /** A watchdog of this process's real parent. */
    static KernelWatchdog ofThisProcess(LongSupplier lastPingNanos) {
        return new KernelWatchdog(processParent(), lastPingNanos, System::nanoTime);
    }

    /** Why the kernel should end now, or null while its server is there. */
    String check() {
        Optional<Long> original = parent.original();
        if (original.isPresent()) {
            if (!parent.originalAlive()) {
                return "the process that started the kernel (pid " + original.get() + ") has exited";
            }
            if (!parent.current().equals(original)) {
                return "the process that started the kernel (pid " + original.get() + ") is no longer its parent";
            }
            return null;
        }
        long last = lastPingNanos.getAsLong();
        if (last != Long.MIN_VALUE && nanoTime.getAsLong() - last > TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_SILENCE_MS)) {
            return "no heartbeat from the frontend for " + HEARTBEAT_SILENCE_MS / 60_000 + " minutes";
        }
        return null;
    }

    /** Checks once a second; on the first reason to end, logs it and runs {@code onOrphaned} once. */
    void start(java.util.function.Consumer<String> onOrphaned) {
        thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                String reason = check();
                if (reason != null) {
                    log.warn("ending the kernel: {}", reason);
                    onOrphaned.accept(reason);
                    // A clean stop ends the process (this thread is a daemon); if something holds it up, end it anyway.
                    try {
                        Thread.sleep(30_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    log.error("the kernel did not stop within 30 s of {}; halting", reason);
                    Runtime.getRuntime().halt(1);
                    return;
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "sluice-kernel-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        if (thread != null) thread.interrupt();
    }

    private static Parent processParent() {
        Optional<ProcessHandle> at = ProcessHandle.current().parent();
        // A kernel started by init (or without a parent) has nobody to outlive; it falls back on the heartbeat.
        Optional<ProcessHandle> watched = at.filter(p -> p.pid() > 1);
        Supplier<Optional<Long>> now = () -> ProcessHandle.current().parent().map(ProcessHandle::pid);
        return new Parent() {
            @Override
            public Optional<Long> original() {
                return watched.map(ProcessHandle::pid);
            }

            @Override
            public Optional<Long> current() {
                return now.get();
            }

            @Override
            public boolean originalAlive() {
                return watched.map(ProcessHandle::isAlive).orElse(false);
            }
        };
    }
}
