package dev.sluice.kernel;

import io.github.spencerpark.jupyter.messages.Header;
import io.github.spencerpark.jupyter.messages.Message;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The output side of one executed cell: its parent header and execution count, and stdout and
 * stderr streams that publish under that header for as long as the kernel runs, so that a
 * stream's batches keep printing into the cell that created it.
 */
final class CellOutput {
    private final Message<?> request;
    private final Header<?> parent;
    private final int executionCount;
    private final boolean allowsStdin;
    private final StreamPublisher outBytes;
    private final StreamPublisher errBytes;
    private final PrintStream out;
    private final PrintStream err;

    CellOutput(Publisher publisher, Message<?> request, int executionCount, boolean allowsStdin) {
        this.request = request;
        this.parent = request.getHeader();
        this.executionCount = executionCount;
        this.allowsStdin = allowsStdin;
        this.outBytes = new StreamPublisher(publisher, parent, "stdout");
        this.errBytes = new StreamPublisher(publisher, parent, "stderr");
        this.out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        this.err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    }

    /** The execute request of the cell (its identities address stdin requests). */
    Message<?> request() {
        return request;
    }

    /** Whether the frontend accepts input requests for this cell. */
    boolean allowsStdin() {
        return allowsStdin;
    }

    Header<?> parent() {
        return parent;
    }

    int executionCount() {
        return executionCount;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    boolean hasPending() {
        return outBytes.hasPending() || errBytes.hasPending();
    }

    /** Publishes whatever was written and not yet published (text without a final newline). */
    void flush() {
        out.flush();
        err.flush();
    }
}
