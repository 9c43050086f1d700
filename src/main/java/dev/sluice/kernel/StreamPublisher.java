package dev.sluice.kernel;

import io.github.spencerpark.jupyter.messages.Header;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Collects bytes written to one cell's stdout or stderr and publishes them as {@code stream}
 * messages under that cell's parent header on each flush.
 *
 * <p>Thread-safe; a flush that ends inside a UTF-8 sequence keeps the unfinished bytes for the
 * next flush.
 */
final class StreamPublisher extends OutputStream {
    private final Publisher publisher;
    private final Header<?> parent;
    private final String name;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    StreamPublisher(Publisher publisher, Header<?> parent, String name) {
        this.publisher = publisher;
        this.parent = parent;
        this.name = name;
    }

    @Override
    public synchronized void write(int b) {
        buffer.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        buffer.write(b, off, len);
    }

    synchronized boolean hasPending() {
        return buffer.size() > 0;
    }

    @Override
    public void flush() {
        String text;
        synchronized (this) {
            if (buffer.size() == 0) return;
            byte[] bytes = buffer.toByteArray();
            int complete = completeLength(bytes);
            text = new String(bytes, 0, complete, StandardCharsets.UTF_8);
            buffer.reset();
            buffer.write(bytes, complete, bytes.length - complete);
            if (text.isEmpty()) return;
            // Publishing inside the lock keeps this stream's messages in write order.
            publisher.stream(parent, name, text);
        }
    }

    /** Length of the longest prefix that does not end inside a UTF-8 multi-byte sequence. */
    static int completeLength(byte[] bytes) {
        int n = bytes.length;
        for (int back = 1; back <= Math.min(3, n); back++) {
            int b = bytes[n - back] & 0xff;
            if ((b & 0xc0) == 0x80) continue;           // continuation byte: look further back
            int need = (b & 0xe0) == 0xc0 ? 2 : (b & 0xf0) == 0xe0 ? 3 : (b & 0xf8) == 0xf0 ? 4 : 1;
            return need > back ? n - back : n;
        }
        return n;
    }
}
