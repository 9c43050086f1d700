package dev.sluice.kernel;

import dev.sluice.display.HtmlTable;
import dev.sluice.display.TextDisplay;
import dev.sluice.streaming.DStream;
import dev.sluice.streaming.RDD;
import dev.sluice.streaming.StreamingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a live value into a Jupyter MIME bundle: always {@code text/plain} (as the shell shows
 * it), plus {@code text/html} for datasets (a table of the first rows), streams (the description
 * and a table of the latest batch) and the streaming context.
 */
final class ResultRenderer {
    private static final Logger log = LoggerFactory.getLogger(ResultRenderer.class);
    static final int MAX_ROWS = 20;

    /** Whether a value is shown as an execute result (live views are already on screen). */
    boolean shows(Object value) {
        return !(value instanceof LiveView);
    }

    Map<String, Object> render(Object value) {
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("text/plain", value instanceof RDD<?> rdd ? rddText(rdd) : TextDisplay.render(value));
        String html = html(value);
        if (html != null) bundle.put("text/html", html);
        return bundle;
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
        } catch (RuntimeException e) {
            log.debug("no HTML rendering for {}", value.getClass().getName(), e);
            return "<pre>" + HtmlTable.escape(String.valueOf(e)) + "</pre>";
        }
        return null;
    }

    private static String table(RDD<?> rdd, String caption) {
        List<?> rows = rdd.take(MAX_ROWS + 1);
        boolean more = rows.size() > MAX_ROWS;
        return HtmlTable.render(more ? rows.subList(0, MAX_ROWS) : rows, caption, more);
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
        return html.append("</div>").toString();
    }
}
