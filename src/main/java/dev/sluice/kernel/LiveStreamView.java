package dev.sluice.kernel;

import dev.sluice.display.HtmlTable;
import dev.sluice.streaming.BatchInfo;
import dev.sluice.streaming.DStream;
import dev.sluice.streaming.OutputHandle;
import dev.sluice.streaming.RDD;
import dev.sluice.streaming.StreamingListener;
import dev.sluice.streaming.Time;
import io.github.spencerpark.jupyter.messages.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A live table of a stream's latest batch: shown once as {@code display_data} in the cell that
 * asked for it, then replaced in place ({@code update_display_data} on the same display id) after
 * every batch, by an output operation of its own on the stream.
 *
 * <p>Stops (leaving its last table, marked as stopped) when {@link #stop()} is called, when the
 * output it watches stops, or when the context stops. Updates run on engine threads.
 */
final class LiveStreamView implements LiveView {
    private static final Logger log = LoggerFactory.getLogger(LiveStreamView.class);
    static final int MAX_ROWS = 20;

    private final SluiceKernel kernel;
    private final Header<?> parent;
    private final DStream<?> stream;
    private final OutputHandle watched;
    private final String displayId = "sluice-" + UUID.randomUUID();
    private volatile boolean active = true;
    private volatile OutputHandle own;
    private volatile StreamingListener stopWatcher;
    private volatile Map<String, Object> lastBundle;
    private volatile String lastCaption;

    private LiveStreamView(SluiceKernel kernel, Header<?> parent, DStream<?> stream, OutputHandle watched) {
        this.kernel = kernel;
        this.parent = parent;
        this.stream = stream;
        this.watched = watched;
    }

    static <T> LiveStreamView start(SluiceKernel kernel, Header<?> parent, DStream<T> stream, OutputHandle watched) {
        LiveStreamView view = new LiveStreamView(kernel, parent, stream, watched);
        view.lastCaption = view.title() + " — waiting for the first batch";
        kernel.publishDisplay(parent, view.displayId, waiting(view.lastCaption), false);
        view.stopWatcher = new StreamingListener() {
            @Override
            public void onBatchCompleted(BatchInfo batch) {
                view.checkOutputs();
            }

            @Override
            public void onContextStopped() {
                view.stopWith("context stopped");
            }
        };
        stream.context().addListener(view.stopWatcher);
        try {
            view.own = stream.foreachRDD((RDD<T> rdd, Time time) -> view.onBatch(rdd, time));
        } catch (RuntimeException e) {
            view.stopWith("could not attach: " + e.getMessage());
            throw e;
        }
        return view;
    }

    private String title() {
        String name = stream.name();
        return name == null || name.isEmpty() ? stream.toString() : name;
    }

    /** Stops the view once the output it watches, or its own output, has been stopped elsewhere. */
    private void checkOutputs() {
        if (!active) return;
        if (watched != null && !watched.isActive()) {
            stopWith("output " + watched.name() + " stopped");
        } else if (own != null && !own.isActive()) {
            stopWith("its output " + own.name() + " was stopped");
        }
    }

    private void onBatch(RDD<?> rdd, Time time) {
        if (!active) return;
        if (watched != null && !watched.isActive()) {
            stopWith("output " + watched.name() + " stopped");
            return;
        }
        List<?> rows = rdd.take(MAX_ROWS + 1);
        boolean more = rows.size() > MAX_ROWS;
        if (more) rows = rows.subList(0, MAX_ROWS);
        String caption = title() + " — batch " + time;
        Map<String, Object> bundle = bundle(rows, more, caption);
        synchronized (this) {
            if (!active) return;
            lastBundle = bundle;
            lastCaption = caption;
            kernel.publishDisplay(parent, displayId, bundle, true);
        }
    }

    private static Map<String, Object> waiting(String caption) {
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("text/plain", caption);
        bundle.put("text/html", "<div style=\"font-weight:bold\">" + HtmlTable.escape(caption) + "</div>");
        return bundle;
    }

    private Map<String, Object> bundle(List<?> rows, boolean more, String caption) {
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("text/plain", caption + "\n" + HtmlTable.renderText(rows, more));
        bundle.put("text/html", HtmlTable.render(rows, caption, more));
        return bundle;
    }

    @Override
    public String displayId() {
        return displayId;
    }

    @Override
    public java.util.Optional<OutputHandle> output() {
        return java.util.Optional.ofNullable(own);
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public void stop() {
        stopWith("stopped");
    }

    private void stopWith(String reason) {
        OutputHandle output;
        synchronized (this) {
            if (!active) return;
            active = false;
            output = own;
            Map<String, Object> bundle = new LinkedHashMap<>(lastBundle == null ? waiting(lastCaption) : lastBundle);
            bundle.put("text/plain", bundle.get("text/plain") + "\n(" + reason + ")");
            bundle.put("text/html", "<div style=\"color:#777\">(" + HtmlTable.escape(reason) + ")</div>" + bundle.get("text/html"));
            kernel.publishDisplay(parent, displayId, bundle, true);
        }
        if (stopWatcher != null) stream.context().removeListener(stopWatcher);
        if (output != null && output.isActive()) {
            try {
                output.stop();
            } catch (RuntimeException e) {
                log.debug("stopping the view's output failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return "LiveView[" + title() + (active ? ", live" : ", stopped") + "]";
    }
}
