package dev.sluice.engine.scheduler;

import dev.sluice.streaming.StreamingListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to listeners in order, on one thread, so a slow listener never delays a batch.
 * A listener that throws is logged and keeps receiving later events.
 */
public final class ListenerBus {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerBus.class);
    private static final Consumer<StreamingListener> STOP = l -> { };

    private final List<StreamingListener> listeners = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Thread thread;

    /** Creates and starts the bus thread. */
    public ListenerBus(String name) {
        thread = EngineThreads.newThread(this::loop, name);
        thread.start();
    }

    /** Adds a listener. */
    public void add(StreamingListener l) {
        listeners.add(l);
    }

    /** Removes a listener. */
    public void remove(StreamingListener l) {
        listeners.remove(l);
    }

    /** Queues an event for every listener. */
    public void post(Consumer<StreamingListener> event) {
        queue.add(event);
    }

    /** Queues an action to run on the bus thread after every event posted before it. */
    public void afterPrevious(Runnable action) {
        queue.add(action);
    }

    @SuppressWarnings("unchecked")
    private void loop() {
        try {
            while (true) {
                Object item = queue.take();
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
        } catch (InterruptedException e) {
            LOG.debug("Listener bus interrupted");
        }
    }

    /** Delivers what is queued, then stops the bus thread (waiting up to {@code millis}). */
    public void stop(long millis) {
        queue.add(STOP);
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
