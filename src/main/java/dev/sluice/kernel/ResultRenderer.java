package dev.sluice.kernel;

import dev.sluice.display.BatchTable;
import dev.sluice.display.ErrorTable;
import dev.sluice.display.HtmlTable;
import dev.sluice.display.MimeBundle;
import dev.sluice.display.Renderers;
import dev.sluice.display.TextDisplay;
import dev.sluice.streaming.DStream;
import dev.sluice.streaming.RDD;
import dev.sluice.streaming.StreamingContext;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a live value into a Jupyter MIME bundle: what the value brings itself ({@link DisplayData},
 * {@link MimeBundle}) or a renderer registered in {@link Renderers} makes, else always
 * {@code text/plain} (as the shell shows it), plus {@code text/html} for datasets (a table of the
 * first rows), streams (the description and a table of the latest batch) and the streaming context.
 */
final class ResultRenderer {
    private static final Logger log = LoggerFactory.getLogger(ResultRenderer.class);
    static final int MAX_ROWS = 20;

    /** Whether a value is shown as an execute result (live views are already on screen). */
    boolean shows(Object value) {
        return !(value instanceof LiveView);
    }

    Map<String, Object> render(Object value) {
        Map<String, Object> given = given(value);
        if (given != null) {
            Map<String, Object> bundle = new LinkedHashMap<>(given);
            bundle.putIfAbsent("text/plain", value instanceof DisplayData ? "" : TextDisplay.render(value));
            return bundle;
        }
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("text/plain", value instanceof RDD<?> rdd ? rddText(rdd) : TextDisplay.render(value));
        String html = html(value);
        if (html != null) bundle.put("text/html", html);
        return bundle;
    }

    /**
     * Renders {@code value} keeping only the given MIME types (short names such as {@code html}
     * allowed); text given for a type it does not render to becomes that type's content, as in
     * {@code display("<b>hi</b>", "text/html")}.
     */
    Map<String, Object> renderAs(Object value, String... mimeTypes) {
        if (mimeTypes == null || mimeTypes.length == 0) return render(value);
        Map<String, Object> all = render(value);
        Map<String, Object> bundle = new LinkedHashMap<>();
        for (String name : mimeTypes) {
            String type = MimeBundle.mimeType(name);
            if (all.containsKey(type)) bundle.put(type, all.get(type));
            else if (value instanceof CharSequence text) bundle.put(type, text.toString());
            else if (value instanceof byte[] bytes) bundle.put(type, MimeBundle.empty().with(type, bytes).get(type));
        }
        if (bundle.isEmpty()) {
            throw new IllegalArgumentException("cannot show a " + (value == null ? "null" : value.getClass().getName())
                    + " as " + String.join(", ", mimeTypes) + "; it renders as " + String.join(", ", all.keySet())
                    + " (register a renderer with Renderers.register)");
        }
        bundle.putIfAbsent("text/plain", all.get("text/plain"));
        return bundle;
    }

    /** The bundle a value brings itself (a {@link DisplayData}) or a registered renderer makes, else null. */
    private static Map<String, Object> given(Object value) {
        if (value instanceof DisplayData data) return displayData(data);
        return Renderers.render(value).map(MimeBundle::data).orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> displayData(DisplayData data) {
        try {
            java.lang.reflect.Field field = DisplayData.class.getDeclaredField("data");
            field.setAccessible(true);
            return new LinkedHashMap<>((Map<String, Object>) field.get(data));
        } catch (ReflectiveOperationException | RuntimeException e) {
            Map<String, Object> bundle = new LinkedHashMap<>();
            for (MIMEType type : List.of(MIMEType.TEXT_PLAIN, MIMEType.TEXT_HTML, MIMEType.IMAGE_SVG, MIMEType.IMAGE_PNG,
                    MIMEType.TEXT_MARKDOWN, MIMEType.APPLICATION_JSON, MIMEType.TEXT_LATEX)) {
                Object d = data.getData(type);
                if (d != null) bundle.put(type.toString(), d);
            }
            return bundle;
        }
    }

    private static String rddText(RDD<?> rdd) {
        try {
            List<?> rows = rdd.take(MAX_ROWS + 1);
            boolean more = rows.size() > MAX_ROWS;
            return rdd + "\n" + HtmlTable.renderText(more ? rows.subList(0, MAX_ROWS) : rows, more);
        } catch (RuntimeException e) {
            return TextDisplay.render(rdd);
        }
    }

    private static String html(Object value) {
        try {
            if (value instanceof RDD<?> rdd) return table(rdd, "first rows of " + rdd);
            if (value instanceof DStream<?> stream) return stream(stream);
            if (value instanceof StreamingContext ssc) return context(ssc);
            if (ErrorTable.isErrorList(value)) return ErrorTable.html((List<?>) value);
        } catch (RuntimeException e) {
            log.debug("no HTML rendering for {}", value.getClass().getName(), e);
            return "<pre>" + HtmlTable.escape(String.valueOf(e)) + "</pre>";
        }
        return null;
    }

    private static String table(RDD<?> rdd, String caption) {
        List<?> rows = rdd.take(MAX_ROWS + 1);
        boolean more = rows.size() > MAX_ROWS;
        return BatchTable.html(more ? rows.subList(0, MAX_ROWS) : rows, more ? -1 : 0, caption, BatchTable.Order.ARRIVAL);
    }

    private static String stream(DStream<?> stream) {
        StringBuilder html = new StringBuilder("<div class=\"sluice-stream\"><code>")
                .append(HtmlTable.escape(stream.toString())).append("</code>");
        String latest;
        try {
            latest = table(stream.latest(), "latest batch");
        } catch (RuntimeException e) {
            latest = "<div style=\"color:#777\">no batch yet</div>";
        }
        return html.append(latest).append("</div>").toString();
    }

    private static String context(StreamingContext ssc) {
        StringBuilder html = new StringBuilder("<div class=\"sluice-context\"><b>")
                .append(HtmlTable.escape(String.valueOf(ssc))).append("</b>");
        html.append("<div>state: ").append(ssc.state()).append(", batch interval: ")
                .append(HtmlTable.escape(String.valueOf(ssc.batchInterval()))).append(", last completed batch: ")
                .append(HtmlTable.escape(ssc.lastCompletedBatch().map(String::valueOf).orElse("none"))).append("</div>");
        if (!ssc.receivers().isEmpty()) {
            html.append("<table class=\"sluice-receivers\"><tr><th>receiver</th><th>state</th><th>records</th><th>dropped</th>"
                    + "<th>rate/s</th><th>limit/s</th><th>last error</th></tr>");
            for (dev.sluice.streaming.ReceiverInfo r : ssc.receivers()) {
                html.append("<tr><td>").append(HtmlTable.escape(r.name())).append("</td><td>")
                        .append(r.active() ? "running" : "not running").append("</td><td>").append(r.recordsReceived())
                        .append("</td><td>").append(r.recordsDropped()).append("</td><td>").append(Math.round(r.ratePerSecond()))
                        .append("</td><td>").append(r.rateLimit() > 0 ? String.valueOf(r.rateLimit()) : "none").append("</td><td>")
                        .append(HtmlTable.escape(r.lastError().orElse("-"))).append("</td></tr>");
            }
            html.append("</table>");
        }
        return html.append("</div>").toString();
    }
}
