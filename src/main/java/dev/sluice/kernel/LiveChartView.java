package dev.sluice.kernel;

import dev.sluice.display.BatchChart;
import dev.sluice.display.BatchText;
import dev.sluice.display.LiveFrame;
import dev.sluice.engine.BatchTimes;
import dev.sluice.streaming.BatchInfo;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.StreamingListener;
import io.github.spencerpark.jupyter.messages.Header;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A live SVG chart of a context's recent batches (input rate per source; processing time and
 * scheduling delay against the batch interval), redrawn in place after every completed batch
 * until the context stops or {@link #stop()}. Redraws run on the engine's listener thread.
 */
final class LiveChartView implements LiveView, LiveViews.Stoppable {
    /** How many recent batches the chart shows at most. */
    static final int MAX_POINTS = 120;

    private final SluiceKernel kernel;
    private final Header<?> parent;
    private final StreamingContext context;
    private final String displayId = "sluice-chart-" + UUID.randomUUID();
    private volatile boolean active = true;
    private volatile StreamingListener listener;

    private LiveChartView(SluiceKernel kernel, Header<?> parent, StreamingContext context) {
        this.kernel = kernel;
        this.parent = parent;
        this.context = context;
    }

    static LiveChartView start(SluiceKernel kernel, Header<?> parent, StreamingContext context) {
        LiveChartView view = new LiveChartView(kernel, parent, context);
        kernel.publishDisplay(parent, view.displayId, view.bundle(null), false);
        view.listener = new StreamingListener() {
            @Override
            public void onBatchCompleted(BatchInfo batch) {
                view.redraw();
            }

            @Override
            public void onContextStopped() {
                view.stopWith("the context stopped");
            }
        };
        context.addListener(view.listener);
        LiveViews.add(view);
        return view;
    }

    private synchronized void redraw() {
        if (!active) return;
        kernel.publishDisplay(parent, displayId, bundle(null), true);
    }

    /** The chart's points: the context's completed recent batches, oldest first, the last {@link #MAX_POINTS}. */
    static List<BatchChart.Point> points(List<BatchInfo> batches, Duration interval) {
        double seconds = Math.max(1, dev.sluice.engine.Micros.of(interval)) / 1e6;
        List<BatchChart.Point> points = new ArrayList<>();
        for (BatchInfo b : batches) {
            if (b.processingEndTime().isEmpty()) continue;
            Map<String, Double> rates = new LinkedHashMap<>();
            b.inputRecords().forEach((source, n) -> rates.put(source, n / seconds));
            points.add(new BatchChart.Point(b.batchTime().milliseconds(), rates,
                    b.processingDelay().map(Duration::toMillis).orElse(-1L),
                    b.schedulingDelay().map(Duration::toMillis).orElse(-1L)));
        }
        points.sort((a, c) -> Long.compare(a.batchTimeMs(), c.batchTimeMs()));
        return points.size() > MAX_POINTS ? new ArrayList<>(points.subList(points.size() - MAX_POINTS, points.size())) : points;
    }

    private Map<String, Object> bundle(String stoppedReason) {
        long micros = dev.sluice.engine.Micros.of(context.batchInterval());
        long interval = Math.max(1, micros / 1000);     // the chart's scale: a batch below a millisecond draws at 1 ms
        List<BatchChart.Point> points = points(context.recentBatches(), context.batchInterval());
        String title = "Streaming batches, one every "
                + (micros % 1000 == 0 ? BatchText.duration(interval) : dev.sluice.engine.Micros.formatMillis(micros) + " ms");
        String svg = BatchChart.render(points, interval, title);
        long now = System.currentTimeMillis();
        StringBuilder text = new StringBuilder(title).append(": ").append(points.size()).append(" batches");
        if (!points.isEmpty()) {
            BatchChart.Point last = points.get(points.size() - 1);
            text.append(String.format(Locale.ROOT, "; last at %s: %.1f records/s, processing %d ms, scheduling delay %d ms",
                    BatchTimes.describe(last.batchTimeMs()), last.inputRate(), last.processingMs(), last.schedulingDelayMs()));
        }
        if (stoppedReason != null) text.append(" (stopped: ").append(stoppedReason).append(")");
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("text/plain", text.toString());
        bundle.put("image/svg+xml", svg);
        bundle.put("text/html", stoppedReason == null
                ? LiveFrame.live(displayId, svg, now, Math.max(15_000, 4 * interval))
                : LiveFrame.stopped(displayId, svg, stoppedReason, now));
        return bundle;
    }

    @Override
    public String displayId() {
        return displayId;
    }

    @Override
    public java.util.Optional<dev.sluice.streaming.OutputHandle> output() {
        return java.util.Optional.empty();
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
    public synchronized void stopWith(String reason) {
        if (!active) return;
        active = false;
        kernel.publishDisplay(parent, displayId, bundle(reason), true);
        context.removeListener(listener);
        LiveViews.remove(this);
    }

    @Override
    public String toString() {
        return "LiveView[batch chart" + (active ? ", live" : ", stopped") + "]";
    }
}
