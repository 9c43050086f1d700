package dev.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A receiver that stores what a test hands it ({@link #store}), and a running count for state streams. */
public class ManualReceiver extends Receiver<String> {
    private final CountDownLatch started = new CountDownLatch(1);

    @Override
    public void onStart() {
        started.countDown();
    }

    @Override
    public void onStop() {
    }

    /** Waits (bounded) until the context started the receiver. */
    public void awaitStarted() throws InterruptedException {
        assertTrue(started.await(20, TimeUnit.SECONDS), "receiver did not start");
    }

    /** An {@code updateStateByKey} function: the state plus the batch's values. */
    public static Optional<Long> count(Iterable<Long> values, Optional<Long> state) {
        long n = state.orElse(0L);
        for (long v : values) {
            n += v;
        }
        return Optional.of(n);
    }
}
