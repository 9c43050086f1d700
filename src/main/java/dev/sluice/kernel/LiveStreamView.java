package dev.sluice.kernel;

import dev.sluice.display.BarChart;
import dev.sluice.display.BatchTable;
import dev.sluice.display.HtmlTable;
import dev.sluice.display.LiveFrame;
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
 * A live view of a stream's latest batch: shown once as {@code display_data} in the cell that
 * asked for it, then replaced in place ({@code update_display_data} on the same display id) after
 * every batch, by an output operation of its own on the stream. Draws a table under a one-line
 * caption, or bars of a pair stream's values ({@link #chart()}).
 *
 * <p>Stops (leaving its last content, marked as stopped) when {@link #stop()} is called, when the
 * output it watches stops, when the context stops or when the kernel shuts down. Updates run on
 * engine threads.
 */
final class LiveStreamView implements LiveTable, LiveViews.Stoppable {
    private static final Logger log = LoggerFactory.getLogger(LiveStreamView.class);
    /** Rows shown by default. */
    static final int MAX_ROWS = 20;
    /** Batches up to this many records are sorted as a whole; larger ones show their first rows. */
    static final int SORT_LIMIT = 10_000;

    private final SluiceKernel kernel;
    private final Header<?> parent;
    private final DStream<?> stream;
    private final OutputHandle watched;
    private final String displayId = "sluice-" + UUID.randomUUID();
    private volatile boolean active = true;
    private volatile OutputHandle own;
    private volatile StreamingListener stopWatcher;
    // Guarded by this: the last batch and how it is drawn.
    private List<?> lastRows;
    private long lastTotal;
    private long lastTime = -1;
    private BatchTable.Order order;
    private int top = MAX_ROWS;
    private boolean bars;

    private LiveStreamView(SluiceKernel kernel, Header<?> parent, DStream<?> stream, OutputHandle watched) {
        this.kernel = kernel;
        this.parent = parent;
        this.stream = stream;
        this.watched = watched;
    }

    static <T> LiveStreamView start(SluiceKernel kernel, Header<?> parent, DStream<T> stream, OutputHandle watched) {
        LiveStreamView view = new LiveStreamView(kernel, parent, stream, watched);
        kernel.publishDisplay(parent, view.displayId, view.bundle(null), false);
        view.stopWatcher = new StreamingListener() {
            @Override
            public void onBatchCompleted(BatchInfo batch) {
                view.checkOutputs();
            }

            @Override
            public void onContextStopped() {
                view.stopWith("the context stopped");
            }
        };
        stream.context().addListener(view.stopWatcher);
        LiveViews.add(view);
        try {
            view.own = stream.foreachRDD((RDD<T> rdd, Time time) -> view.onBatch(rdd, time));
        } catch (RuntimeException e) {
            view.stopWith("could not attach: " + e.getMessage());
            throw e;
        }
        return view;
    }

    /** The stream's name, or a short description of an unnamed stream. */
    String title() {
        String name = stream.name();
        if (name != null && !name.isEmpty()) return name;
        String s = stream.toString();
        return s.length() > 48 ? "stream " + stream.id() : s;
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
        List<?> rows = rdd.take(SORT_LIMIT + 1);
        long total = rows.size() > SORT_LIMIT ? rdd.count() : rows.size();
        synchronized (this) {
            if (!active) return;
            lastRows = rows.size() > SORT_LIMIT ? rows.subList(0, SORT_LIMIT) : rows;
            lastTotal = total;
            lastTime = time.milliseconds();
            kernel.publishDisplay(parent, displayId, bundle(null), true);
        }
    }

    /** The view's MIME bundle for the last batch; {@code stoppedReason} non-null draws it stopped. */
    private synchronized Map<String, Object> bundle(String stoppedReason) {
        Map<String, Object> bundle = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        String inner;
        String text;
        if (lastRows == null) {
            String caption = title() + " · waiting for the first batch";
            text = caption;
            inner = "<div style=\"font:13px sans-serif\"><b>" + HtmlTable.escape(title()) + "</b>"
                    + "<span style=\"color:#555\"> · waiting for the first batch</span></div>";
        } else {
            BatchTable.Order o = order != null ? order : BatchTable.defaultOrder(lastRows);
            boolean sortable = lastTotal <= SORT_LIMIT;
            List<Object> ordered = sortable ? BatchTable.sorted(lastRows, o) : new java.util.ArrayList<>(lastRows);
            List<Object> shown = ordered.subList(0, Math.min(top, ordered.size()));
            long more = lastTotal - shown.size();
            String caption = BatchTable.caption(title(), lastTime, lastTotal);
            text = BatchTable.text(shown, more, caption);
            // A table of a whole batch can be sorted in the page too (a click on a column header).
            inner = bars
                    ? BarChart.render(BatchTable.bars(shown), more, caption)
                    : sortable ? BatchTable.sortableHtml(lastRows, lastTotal, top, caption, o)
                    : BatchTable.html(shown, more, caption, BatchTable.Order.ARRIVAL);
        }
        if (stoppedReason != null) text += "\n(stopped: " + stoppedReason + ")";
        bundle.put("text/plain", text);
        long slide = stream.slideDuration().toMillis();
        bundle.put("text/html", stoppedReason == null ? LiveFrame.live(displayId, inner, now, Math.max(15_000, 4 * slide))
                : LiveFrame.stopped(displayId, inner, stoppedReason, now));
        return bundle;
    }

    private synchronized LiveTable redrawWith(Runnable change) {
        change.run();
        if (active) kernel.publishDisplay(parent, displayId, bundle(null), true);
        return this;
    }

    @Override
    public LiveTable sortByKey() {
        return redrawWith(() -> order = BatchTable.Order.KEY);
    }

    @Override
    public LiveTable sortByValue() {
        return redrawWith(() -> order = BatchTable.Order.VALUE);
    }

    @Override
    public LiveTable top(int n) {
        if (n < 1) throw new IllegalArgumentException("top(n) needs n >= 1, got " + n);
        return redrawWith(() -> top = n);
    }

    @Override
    public LiveTable chart() {
        return redrawWith(() -> bars = true);
    }

    @Override
    public LiveTable table() {
        return redrawWith(() -> bars = false);
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
        stopWith("view.stop() was called");
    }

    @Override
    public void stopWith(String reason) {
        OutputHandle output;
        synchronized (this) {
            if (!active) return;
            active = false;
            output = own;
            kernel.publishDisplay(parent, displayId, bundle(reason), true);
        }
        LiveViews.remove(this);
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
