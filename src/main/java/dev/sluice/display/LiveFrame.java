package dev.sluice.display;

import dev.sluice.engine.BatchTimes;

/**
 * Wraps a live view's HTML so the page itself can tell when updates stopped: a live frame carries
 * a marker that CSS reveals once no update has replaced the frame for a while (the kernel died or
 * restarted without saying so), and a script that marks every live frame as stopped when the
 * notebook restarts its kernel; a stopped frame says so and greys out its last content.
 */
public final class LiveFrame {
    /** The marker every live frame carries; the browser test looks for it. */
    public static final String CLASS = "sluice-live";

    private static final String STYLE = "<style>@keyframes sluice-stale{to{max-height:4em;visibility:visible;margin:2px 0 6px}}"
            + ".sluice-live .sluice-note{font:600 12px sans-serif;color:#8a5a00;background:#fff4dc;border-left:3px solid #e6a000;"
            + "padding:2px 8px;}"
            + ".sluice-live [hidden]{display:none!important}"
            + ".sluice-live[data-sluice-state=stopped] .sluice-body{opacity:.55}"
            + ".sluice-live[data-sluice-state=stopped] .sluice-note{color:#555;background:#eee;border-left-color:#999}</style>";

    /** Marks live frames stopped when the classic notebook restarts (or loses) its kernel; registered once per page. */
    private static final String SCRIPT = "<script>(function(){var J=window.Jupyter;"
            + "if(!J||!J.notebook||!J.notebook.events||window.sluiceRestartWatch)return;window.sluiceRestartWatch=true;"
            + "J.notebook.events.on('kernel_restarting.Kernel kernel_autorestarting.Kernel kernel_dead.Kernel',function(){"
            + "document.querySelectorAll('.sluice-live[data-sluice-state=live]').forEach(function(e){"
            + "e.setAttribute('data-sluice-state','stopped');var n=e.querySelector('.sluice-note');"
            + "if(n){n.textContent='\\u25A0 stopped: the kernel restarted';n.style.animation='none';"
            + "n.style.maxHeight='none';n.style.visibility='visible';}});});})();</script>";

    private LiveFrame() {
    }

    /**
     * A live frame of the view with display id {@code id} around {@code inner}, updated at
     * {@code updatedMs} (epoch ms); if nothing replaces it within {@code staleAfterMs}, the page
     * shows that it stopped.
     */
    public static String live(String id, String inner, long updatedMs, long staleAfterMs) {
        return "<div class=\"" + CLASS + "\" data-sluice-id=\"" + HtmlTable.escape(id) + "\" data-sluice-state=\"live\" data-sluice-updated=\""
                + updatedMs + "\">" + STYLE
                + "<div class=\"sluice-note\" style=\"max-height:0;overflow:hidden;visibility:hidden;"
                + "animation:sluice-stale 0s linear " + Math.max(1000, staleAfterMs) + "ms forwards\">"
                + "\u25A0 stopped: no update since " + HtmlTable.escape(BatchTimes.describe(updatedMs))
                + " (the kernel restarted, died or is stuck)</div>"
                + "<div class=\"sluice-body\">" + inner + "</div>" + SCRIPT + "</div>";
    }

    /** A stopped frame of the view {@code id} around {@code inner}: says why and when it stopped, and greys out the content. */
    public static String stopped(String id, String inner, String reason, long atMs) {
        return "<div class=\"" + CLASS + "\" data-sluice-id=\"" + HtmlTable.escape(id) + "\" data-sluice-state=\"stopped\">" + STYLE
                + "<div class=\"sluice-note\">\u25A0 stopped at " + HtmlTable.escape(BatchTimes.describe(atMs)) + ": "
                + HtmlTable.escape(reason) + "</div><div class=\"sluice-body\">" + inner + "</div></div>";
    }
}
