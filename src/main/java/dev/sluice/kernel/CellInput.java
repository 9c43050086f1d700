package dev.sluice.kernel;

import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageType;

import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Stands in for {@code System.in}: when a running cell that allows stdin reads past what it has,
 * asks the frontend for a line ({@code input_request} on the stdin socket) and waits for the
 * reply. Other readers, and cells run without {@code allow_stdin}, see the end of the stream.
 *
 * <p>The wait is interruptible, so interrupting a cell that waits for input works as for any
 * other cell; a reply that arrives after its request was abandoned is dropped.
 */
final class CellInput extends InputStream {
    private final Cells cells;
    private final Publisher publisher;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private volatile Consumer<Message<?>> stdin;
    private byte[] line = new byte[0];
    private int pos;

    CellInput(Cells cells, Publisher publisher) {
        this.cells = cells;
        this.publisher = publisher;
    }

    /** Connects the stdin socket; without one, every read is at the end of the stream. */
    void connect(Consumer<Message<?>> stdinSocket) {
        this.stdin = stdinSocket;
    }

    /** Hands over the value of an {@code input_reply}. */
    void reply(String value) {
        replies.add(value);
    }

    @Override
    public synchronized int read() throws InterruptedIOException {
        if (pos >= line.length && !fill()) return -1;
        return line[pos++] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws InterruptedIOException {
        if (len == 0) return 0;
        if (pos >= line.length && !fill()) return -1;
        int n = Math.min(len, line.length - pos);
        System.arraycopy(line, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public synchronized int available() {
        return line.length - pos;
    }

    private boolean fill() throws InterruptedIOException {
        CellOutput cell = cells.running();
        Consumer<Message<?>> socket = stdin;
        if (cell == null || !cell.allowsStdin() || socket == null || cells.owner() != cell) return false;
        cell.flush();
        replies.clear();
        socket.accept(publisher.reply(cell.request(), MessageType.INPUT_REQUEST, Map.of("prompt", "", "password", false)));
        try {
            String value = replies.take();
            line = (value + "\n").getBytes(StandardCharsets.UTF_8);
            pos = 0;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for input");
        }
    }
}
