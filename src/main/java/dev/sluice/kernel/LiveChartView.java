package dev.sluice.kernel;

import dev.sluice.display.BatchChart;
import dev.sluice.streaming.BatchInfo;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.StreamingListener;
import io.github.spencerpark.jupyter.messages.Header;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A live SVG chart of a context's recent batches (input rate, processing time, scheduling delay),
 * redrawn in place after every completed batch until the context stops or {@link #stop()}.
 * Redraws run on the engine's listener thread.
 */
final class LiveChartView implements LiveView {
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
        kernel.publishDisplay(parent, view.displayId, view.bundle("batches"), false);
        view.listener = new StreamingListener() {
            @Override
            public void onBatchCompleted(BatchInfo batch) {
                view.redraw("batches");
            }

            @Override
            public void onContextStopped() {
                view.stopWith("batches (context stopped)");
            }
        };
        context.addListener(view.listener);
        return view;
    }

    private synchronized void redraw(String title) {
        if (!active) return;
        kernel.publishDisplay(parent, displayId, bundle(title), true);
    }

    /** The chart's points: the context's completed recent batches, oldest first. */
    static List<BatchChart.Point> points(List<BatchInfo> batches, Duration interval) {
        double seconds = Math.max(1, interval.toMillis()) / 1000.0;
        List<BatchChart.Point> points = new ArrayList<>();
        for (BatchInfo b : batches) {
            if (b.processingEndTime().isEmpty()) continue;
            points.add(new BatchChart.Point(b.batchTime().milliseconds(), b.numRecords() / seconds,
                    b.processingDelay().map(Duration::toMillis).orElse(-1L),
                    b.schedulingDelay().map(Duration::toMillis).orElse(-1L)));
        }
        points.sort((a, c) -> Long.compare(a.batchTimeMs(), c.batchTimeMs()));
        return points;
    }

    private Map<String, Object> bundle(String title) {
        List<BatchChart.Point> points = points(context.recentBatches(), context.batchInterval());
        String svg = BatchChart.render(points, title);
        Map<String, Object> bundle = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder(title).append(": ").append(points.size()).append(" batches");
        if (!points.isEmpty()) {
            BatchChart.Point last = points.get(points.size() - 1);
            text.append(String.format(java.util.Locale.ROOT, "; last at %d ms: %.1f records/s, processing %d ms, scheduling delay %d ms",
                    last.batchTimeMs(), last.inputRate(), last.processingMs(), last.schedulingDelayMs()));
        }
        bundle.put("text/plain", text.toString());
        bundle.put("image/svg+xml", svg);
        bundle.put("text/html", svg);
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
        stopWith("batches (view stopped)");
    }

    private synchronized void stopWith(String title) {
        if (!active) return;
        kernel.publishDisplay(parent, displayId, bundle(title), true);
        active = false;
        context.removeListener(listener);
    }

    @Override
    public String toString() {
        return "LiveView[batch chart" + (active ? ", live" : ", stopped") + "]";
    }
}
