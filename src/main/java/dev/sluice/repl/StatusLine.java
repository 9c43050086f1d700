package dev.sluice.repl;

import dev.sluice.display.BatchText;
import dev.sluice.streaming.BatchInfo;
import dev.sluice.streaming.OutputHandle;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.StreamingListener;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the engine's status line current: after every completed batch (at most every 250 ms) it
 * renders last batch time, input rate, processing time, scheduling delay and active outputs, and
 * hands the text to a sink (the terminal's status bar).
 *
 * <p>Threading: the listener callbacks only record the batch; rendering runs on the status line's own
 * daemon thread, so a slow terminal never delays the engine.
 */
public final class StatusLine implements StreamingListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusLine.class);

    private volatile StreamingContext context;
    private final Consumer<String> sink;
    private final ScheduledExecutorService timer;
    private volatile BatchInfo last;
    private volatile boolean dirty = true;

    /** A status line for this context; call {@link #start()} to begin updating. */
    public StatusLine(StreamingContext context, Consumer<String> sink) {
        this.context = context;
        this.sink = sink;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-status-line");
            t.setDaemon(true);
            return t;
        });
    }

    /** Registers with the context and starts refreshing. */
    public StatusLine start() {
        context.addListener(this);
        timer.scheduleWithFixedDelay(this::refreshIfDirty, 0, 250, TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public void onBatchCompleted(BatchInfo batch) {
        last = batch;
        dirty = true;
    }

    @Override
    public void onContextStopped() {
        dirty = true;
    }

    /** Moves to another context (the new one after a {@code :reset}) and shows its batches from now on. */
    public void follow(StreamingContext next) {
        context.removeListener(this);
        context = next;
        last = null;
        next.addListener(this);
        dirty = true;
    }

    /** Marks the line for a refresh (e.g. after a command changed the outputs). */
    public void touch() {
        dirty = true;
    }

    /** The current text of the status line. */
    public String text() {
        List<OutputHandle> outputs = context.outputs();
        long active = outputs.stream().filter(OutputHandle::isActive).count();
        return BatchText.status(Optional.ofNullable(last), context.batchInterval(), active,
                context.state().name().toLowerCase(java.util.Locale.ROOT));
    }

    private void refreshIfDirty() {
        if (!dirty) {
            return;
        }
        dirty = false;
        try {
            sink.accept(text());
        } catch (RuntimeException e) {
            LOG.debug("status line update failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
