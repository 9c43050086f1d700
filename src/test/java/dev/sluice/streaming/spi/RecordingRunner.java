package dev.sluice.streaming.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A runner for tests of the runner lookup: it accepts masters {@code recording://<name>}, runs
 * nothing, and records what the context asked of it. Registered for tests only, in
 * {@code src/test/resources/META-INF/services}.
 */
public final class RecordingRunner implements Runner {

    /** Every execution opened in this JVM, oldest first. */
    public static final List<Recording> OPENED = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public boolean accepts(String master) {
        return master.startsWith("recording://");
    }

    @Override
    public RunnerExecution open(RunnerContext context) {
        Recording r = new Recording(context);
        OPENED.add(r);
        return r;
    }

    /** What one context asked of the runner. */
    public static final class Recording implements RunnerExecution {
        public final RunnerContext context;
        public final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        /** The plan as {@link #start()} and each {@link #planChanged()} saw it. */
        public final List<String> plans = new ArrayList<>();
        private final CountDownLatch stopped = new CountDownLatch(1);

        Recording(RunnerContext context) {
            this.context = context;
        }

        @Override
        public void start() {
            calls.add("start");
            plans.add(context.plan().explain());
        }

        @Override
        public void planChanged() {
            calls.add("planChanged");
            plans.add(context.plan().explain());
        }

        @Override
        public void stop(boolean gracefully) {
            calls.add("stop(" + gracefully + ")");
            stopped.countDown();
        }

        @Override
        public boolean awaitTermination(long timeoutMs) throws InterruptedException {
            if (timeoutMs < 0) {
                stopped.await();
                return true;
            }
            return stopped.await(timeoutMs, TimeUnit.MILLISECONDS);
        }

        @Override
        public dev.sluice.engine.rdd.RddNode<?> latest(dev.sluice.engine.plan.StreamOp stream) {
            calls.add("latest(" + stream.kind() + ")");
            return null;
        }
    }
}
