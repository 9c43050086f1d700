package dev.sluice.kernel;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelWatchdogTest {
    private final AtomicBoolean alive = new AtomicBoolean(true);
    private final AtomicLong currentParent = new AtomicLong(4242);
    private final AtomicLong lastPing = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong now = new AtomicLong(0);

    private KernelWatchdog watching(Long original) {
        KernelWatchdog.Parent parent = new KernelWatchdog.Parent() {
            @Override
            public Optional<Long> original() {
                return Optional.ofNullable(original);
            }

            @Override
            public Optional<Long> current() {
                return Optional.of(currentParent.get());
            }

            @Override
            public boolean originalAlive() {
                return alive.get();
            }
        };
        return new KernelWatchdog(parent, lastPing::get, now::get);
    }

    @Test
    void endsWhenTheServerThatStartedTheKernelExits() {
        KernelWatchdog dog = watching(4242L);
        assertNull(dog.check());
        alive.set(false);
        assertTrue(dog.check().contains("pid 4242) has exited"), dog.check());
    }

    @Test
    void endsWhenTheKernelWasHandedToAnotherParent() {
        KernelWatchdog dog = watching(4242L);
        currentParent.set(1);
        assertTrue(dog.check().contains("no longer its parent"), dog.check());
    }

    @Test
    void withoutAParentToWatchHeartbeatSilenceEndsIt() {
        KernelWatchdog dog = watching(null);
        now.set(TimeUnit.HOURS.toNanos(1));
        assertNull(dog.check(), "no ping ever: nobody to miss");
        lastPing.set(now.get());
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(KernelWatchdog.HEARTBEAT_SILENCE_MS));
        assertNull(dog.check(), "silent for exactly the limit: still fine");
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertTrue(dog.check().contains("no heartbeat"), dog.check());
    }

    @Test
    void aLiveParentIsNotOverruledByHeartbeatSilence() {
        KernelWatchdog dog = watching(4242L);
        lastPing.set(0);
        now.set(TimeUnit.HOURS.toNanos(2));
        assertNull(dog.check(), "a notebook server that stopped pinging but runs keeps its kernel");
    }
}
