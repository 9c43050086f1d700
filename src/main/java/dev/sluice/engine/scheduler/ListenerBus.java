package dev.sluice.engine.scheduler;

import dev.sluice.streaming.StreamingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to listeners in order, on one thread, so a slow listener never delays a batch.
 * A listener that throws is logged and keeps receiving later events.
 *
 * <p>Posting takes no lock: events go into a lock-free queue, and the bus thread, when it ran out
 * of events, parks until a poster wakes it (every batch posts several events, so an idle bus must
 * cost its posters nothing but the queue's node).
 */
public final class ListenerBus {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerBus.class);
    private static final Consumer<StreamingListener> STOP = l -> { };
    private static final StreamingListener[] NONE = new StreamingListener[0];

    /** The listeners, replaced as a whole on a change (rare) so delivery reads them without a lock or copy. */
    private volatile StreamingListener[] listeners = NONE;
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    /** True while the bus thread is parked or about to park, waiting for an event. */
    private volatile boolean waiting;
    private final Thread thread;

    /** Creates and starts the bus thread. */
    public ListenerBus(String name) {
        thread = EngineThreads.newThread(this::loop, name);
        thread.start();
    }

    /** Adds a listener. */
    public synchronized void add(StreamingListener l) {
        List<StreamingListener> next = new ArrayList<>(List.of(listeners));
        next.add(l);
        listeners = next.toArray(NONE);
    }

    /** Removes a listener. */
    public synchronized void remove(StreamingListener l) {
        List<StreamingListener> next = new ArrayList<>(List.of(listeners));
        if (next.remove(l)) {
            listeners = next.toArray(NONE);
        }
    }

    /** Queues an event for every listener. */
    public void post(Consumer<StreamingListener> event) {
        enqueue(event);
    }

    /** Queues an action to run on the bus thread after every event posted before it. */
    public void afterPrevious(Runnable action) {
        enqueue(action);
    }

    private void enqueue(Object item) {
        queue.add(item);
        if (waiting) {
            waiting = false;
            LockSupport.unpark(thread);
        }
    }

    @SuppressWarnings("unchecked")
    private void loop() {
        while (true) {
            Object item = queue.poll();
            if (item == null) {
                // announce the wait, then look once more: an event queued before the announcement is
                // seen here, and a poster that queues after it sees the flag and unparks this thread
                waiting = true;
                item = queue.poll();
                if (item == null) {
                    LockSupport.park(this);
                    if (Thread.interrupted()) {
                        LOG.debug("Listener bus interrupted");
                        return;
                    }
                    continue;   // woken, or a spurious return: look again
                }
                waiting = false;
            }
            if (item == STOP) {
                return;
            }
            if (item instanceof Runnable r) {
                r.run();
                continue;
            }
            Consumer<StreamingListener> event = (Consumer<StreamingListener>) item;
            for (StreamingListener l : listeners) {
                try {
                    event.accept(l);
                } catch (RuntimeException e) {
                    LOG.warn("Listener {} failed", l, e);
                }
            }
        }
    }

    /** Delivers what is queued, then stops the bus thread (waiting up to {@code millis}). */
    public void stop(long millis) {
        enqueue(STOP);
        if (Thread.currentThread() != thread) {
            try {
                thread.join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                thread.interrupt();
            }
        }
    }
}
