package dev.sluice.kernel;

import dev.sluice.display.TextDisplay;
import dev.sluice.session.Session;
import dev.sluice.streaming.Console;
import dev.sluice.streaming.DStream;
import dev.sluice.streaming.OutputHandle;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.display.MimeBundle;
import dev.sluice.display.Renderers;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.messages.Header;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * Notebook helpers, statically imported into every kernel session: {@code display(...)} shows a
 * value (and {@code updateDisplay} replaces it, as in IJava), a live view of a stream, or a live
 * chart of the context's batches.
 *
 * <pre>{@code
 * var counts = ssc.socketTextStream("localhost", 9999).countByValue();
 * display(counts);     // a table of the latest batch, updated in place every batch
 * display(ssc);        // input rate, processing time and scheduling delay of recent batches
 * }</pre>
 */
public final class Notebook {
    /** The imports every kernel session starts with. */
    static final String IMPORTS = "import static dev.sluice.kernel.Notebook.*;\nimport dev.sluice.kernel.LiveView;\nimport dev.sluice.kernel.LiveTable;\n"
            + "import dev.sluice.display.MimeBundle;\nimport dev.sluice.display.Renderers;\n"
            + "import io.github.spencerpark.jupyter.kernel.display.DisplayData;";

    private Notebook() {
    }

    static void prepare(Session session) {
        session.eval(IMPORTS);
    }

    /**
     * Shows the stream's latest batch as a table that updates in place after every batch, in the
     * cell that called this, until the view or the context stops.
     */
    public static LiveTable display(DStream<?> stream) {
        SluiceKernel kernel = requireKernel("display(stream)");
        return LiveStreamView.start(kernel, parent(kernel), stream, null);
    }

    /**
     * Shows the latest batch of an output's stream, updating in place after every batch, until that
     * output is stopped (or the view or the context stops).
     */
    public static LiveTable display(OutputHandle output) {
        SluiceKernel kernel = requireKernel("display(output)");
        return LiveStreamView.start(kernel, parent(kernel), output.stream(), output);
    }

    /**
     * Shows a live SVG chart of the context's recent batches: input rate, processing time and
     * scheduling delay, redrawn in place after every batch until the context stops.
     */
    public static LiveView display(StreamingContext context) {
        SluiceKernel kernel = requireKernel("display(ssc)");
        return LiveChartView.start(kernel, parent(kernel), context);
    }

    /**
     * Shows a value, rendered as rich as it allows (a renderer registered in {@link Renderers}, a
     * {@link MimeBundle}, an RDD as an HTML table, an image as PNG), and returns the id of its
     * display, which {@link #updateDisplay(String, Object)} replaces in place. As in IJava:
     *
     * <pre>{@code
     * String id = display("starting…");
     * for (int i = 1; i <= 3; i++) updateDisplay(id, "step " + i + " of 3");
     * }</pre>
     */
    public static String display(Object value) {
        return show(value, null, false, new String[0]);
    }

    /**
     * Shows a value as the given MIME types only ({@code "text/html"}, or short: {@code "html"},
     * {@code "svg"}, {@code "png"}, {@code "markdown"}, {@code "json"}); text becomes the content of
     * a type it does not render to, as in {@code display("<b>hot</b>", "text/html")}. Returns the
     * display's id.
     */
    public static String display(Object value, String... mimeTypes) {
        return show(value, null, false, mimeTypes);
    }

    /** Replaces the display {@code id} (from {@link #display(Object)}) with {@code value}, wherever it is shown. */
    public static void updateDisplay(String id, Object value) {
        show(value, requireId(id), true, new String[0]);
    }

    /** Replaces the display {@code id} with {@code value} shown as the given MIME types only. */
    public static void updateDisplay(String id, Object value, String... mimeTypes) {
        show(value, requireId(id), true, mimeTypes);
    }

    /**
     * The MIME bundle a value is shown as, for {@link #display(Object)} later or to build on, as
     * IJava's {@code render} does.
     */
    public static DisplayData render(Object value) {
        return render(value, new String[0]);
    }

    /** The MIME bundle of a value as the given MIME types only. */
    public static DisplayData render(Object value, String... mimeTypes) {
        SluiceKernel kernel = SluiceKernel.active();
        ResultRenderer renderer = kernel == null ? new ResultRenderer() : kernel.results();
        DisplayData data = new DisplayData();
        renderer.renderAs(value, mimeTypes).forEach(data::putData);
        return data;
    }

    private static String show(Object value, String id, boolean update, String[] mimeTypes) {
        if (id == null) {
            id = value instanceof DisplayData d && d.hasDisplayId() ? d.getDisplayId() : "sluice-display-" + UUID.randomUUID();
        }
        SluiceKernel kernel = SluiceKernel.active();
        if (kernel == null) {
            System.out.println(value instanceof MimeBundle || value instanceof DisplayData
                    ? String.valueOf(new ResultRenderer().render(value).get("text/plain")) : TextDisplay.render(value));
            return id;
        }
        kernel.publishDisplay(parent(kernel), id, kernel.results().renderAs(value, mimeTypes), update);
        return id;
    }

    private static String requireId(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("updateDisplay needs the id that display(...) returned");
        }
        return id;
    }

    /**
     * How many batches each {@code print()} output created from now on keeps in its cell: 1 (the
     * default) replaces the previous batch in place, {@code n} shows the last {@code n}, 0 appends
     * every batch as a growing log, as a terminal does.
     */
    public static void keepPrintedBatches(int batches) {
        if (batches < 0) throw new IllegalArgumentException("keepPrintedBatches needs 0 (all) or more, got " + batches);
        KernelConsoles.keepBatches = batches;
    }

    /** How many batches this {@code print()} output keeps in its cell (see {@link #keepPrintedBatches(int)}). */
    public static void keepPrintedBatches(OutputHandle printed, int batches) {
        if (!(printed.console() instanceof KernelConsoles.CellConsole console)) {
            throw new IllegalArgumentException(printed + " does not write into a notebook cell; build its context with .console(cellConsole())");
        }
        console.keep(batches);
    }

    /** Clears the output of the cell that calls this (at once, or with {@code wait} when the next output arrives). */
    public static void clearOutput(boolean wait) {
        SluiceKernel kernel = requireKernel("clearOutput()");
        kernel.clearOutput(parent(kernel), wait);
    }

    /**
     * A console supplier for contexts built in a notebook cell
     * ({@code StreamingContext.builder()...console(cellConsole())}): each output writes into the
     * cell that created it, as the outputs of {@code ssc} do.
     */
    public static Supplier<Console> cellConsole() {
        SluiceKernel kernel = SluiceKernel.active();
        return kernel == null ? Console::system : kernel.consoles().supplier();
    }

    private static SluiceKernel requireKernel(String what) {
        SluiceKernel kernel = SluiceKernel.active();
        if (kernel == null) {
            throw new IllegalStateException(what + " needs the notebook kernel; in the shell, use print() or latest()");
        }
        return kernel;
    }

    private static Header<?> parent(SluiceKernel kernel) {
        CellOutput cell = kernel.cells().owner();
        return cell == null ? null : cell.parent();
    }
}
