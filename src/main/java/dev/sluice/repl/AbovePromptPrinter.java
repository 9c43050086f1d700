package dev.sluice.repl;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * An output stream for background output (stream prints, engine errors) that hands each complete line
 * to a sink, which prints it above the prompt. Each writing thread has its own line buffer, so lines
 * written at once by several engine threads do not mix.
 */
final class AbovePromptPrinter extends OutputStream {

    private final Consumer<String> sink;
    private final ThreadLocal<ByteArrayOutputStream> buffer = ThreadLocal.withInitial(ByteArrayOutputStream::new);

    /** A printer handing lines (without their newline) to {@code sink}, which must be thread-safe. */
    AbovePromptPrinter(Consumer<String> sink) {
        this.sink = sink;
    }

    @Override
    public void write(int b) {
        ByteArrayOutputStream buf = buffer.get();
        if (b == '\n') {
            emit(buf);
        } else {
            buf.write(b);
        }
    }

    @Override
    public void write(byte[] bytes, int off, int len) {
        ByteArrayOutputStream buf = buffer.get();
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (bytes[i] == '\n') {
                buf.write(bytes, start, i - start);
                emit(buf);
                start = i + 1;
            }
        }
        buf.write(bytes, start, off + len - start);
    }

    /**
     * Does nothing: a line is printed when its newline arrives, since print streams flush after
     * every write and half lines above the prompt would be unreadable. See {@link #drain()}.
     */
    @Override
    public void flush() {
    }

    /** Prints the calling thread's unfinished line, if any. */
    void drain() {
        ByteArrayOutputStream buf = buffer.get();
        if (buf.size() > 0) {
            emit(buf);
        }
    }

    private void emit(ByteArrayOutputStream buf) {
        String line = buf.toString(StandardCharsets.UTF_8);
        buf.reset();
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        sink.accept(line);
    }
}
