package dev.sluice.kernel;

import dev.sluice.display.TextDisplay;
import dev.sluice.session.Session;
import dev.sluice.streaming.Console;
import dev.sluice.streaming.DStream;
import dev.sluice.streaming.OutputHandle;
import dev.sluice.streaming.StreamingContext;
import io.github.spencerpark.jupyter.messages.Header;

import java.util.function.Supplier;

/**
 * Notebook helpers, statically imported into every kernel session: {@code display(...)} shows a
 * value, a live view of a stream, or a live chart of the context's batches.
 *
 * <pre>{@code
 * var counts = ssc.socketTextStream("localhost", 9999).countByValue();
 * display(counts);     // a table of the latest batch, updated in place every batch
 * display(ssc);        // input rate, processing time and scheduling delay of recent batches
 * }</pre>
 */
public final class Notebook {
    /** The imports every kernel session starts with. */
    static final String IMPORTS = "import static dev.sluice.kernel.Notebook.*;\nimport dev.sluice.kernel.LiveView;";

    private Notebook() {
    }

    static void prepare(Session session) {
        session.eval(IMPORTS);
    }

    /**
     * Shows the stream's latest batch as a table that updates in place after every batch, in the
     * cell that called this, until the view or the context stops.
     */
    public static LiveView display(DStream<?> stream) {
        SluiceKernel kernel = requireKernel("display(stream)");
        return LiveStreamView.start(kernel, parent(kernel), stream, null);
    }

    /**
     * Shows the latest batch of an output's stream, updating in place after every batch, until that
     * output is stopped (or the view or the context stops).
     */
    public static LiveView display(OutputHandle output) {
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

    /** Shows a value once, rendered as rich as it allows (RDDs as HTML tables). */
    public static void display(Object value) {
        SluiceKernel kernel = SluiceKernel.active();
        if (kernel == null) {
            System.out.println(TextDisplay.render(value));
            return;
        }
        kernel.publishDisplay(parent(kernel), null, kernel.results().render(value), false);
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
