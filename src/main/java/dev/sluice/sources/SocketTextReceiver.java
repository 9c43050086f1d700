package dev.sluice.sources;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * {@code socketTextStream}: connects to a TCP server and stores each line it sends (UTF-8, ending
 * in {@code \n} or {@code \r\n}) as a record.
 *
 * <p>Unreliable: the server cannot be asked to send again, so lines are stored one by one with
 * {@link #store(Object)}, and lines received while unprocessed input is above the memory budget
 * are dropped (counted and reported). When the connection cannot be made or is lost, the receiver
 * reports the error and reconnects after a backoff (100 ms doubling to 5 s, on the context clock).
 * Bad input is reported and skipped, never stored: a line that is not valid UTF-8 (binary data), a
 * line longer than the limit (1 MiB by default); the connection stays open.
 */
public final class SocketTextReceiver extends TcpLineReceiver {

    /** The default limit on a line's length in bytes. */
    public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;

    private final int maxLineBytes;

    /** Creates a receiver of {@code host:port} with the default line limit. */
    public SocketTextReceiver(String host, int port) {
        this(host, port, DEFAULT_MAX_LINE_BYTES);
    }

    /** Creates a receiver of {@code host:port} that skips lines longer than {@code maxLineBytes}. */
    public SocketTextReceiver(String host, int port, int maxLineBytes) {
        super(host, port, "socket-receiver");
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be at least 1, got " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public String name() {
        return "socket " + host + ":" + port;
    }

    @Override
    void read(Socket s, Object token) throws IOException {
        try (InputStream in = s.getInputStream()) {
            readLines(in, token);
        }
    }

    private void readLines(InputStream in, Object token) throws IOException {
        byte[] buf = new byte[64 * 1024];
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean tooLong = false;
        long lineNo = 0;
        long badText = 0;
        long longLines = 0;
        LineDecoder decoder = new LineDecoder();
        int n;
        while ((n = in.read(buf)) >= 0) {
            if (!current(token)) {
                return;
            }
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] != '\n') {
                    continue;
                }
                lineNo++;
                // a line that lies whole in this read is decoded from the read's buffer, uncopied
                boolean whole = line.size() == 0 && !tooLong;
                if (!tooLong && !whole) {
                    line.write(buf, start, i - start);
                }
                if (!tooLong && (whole ? i - start : line.size()) > maxLineBytes) {
                    tooLong = true;
                }
                if (tooLong) {
                    longLines++;
                    if (isReportable(longLines)) {
                        reportError("line " + lineNo + " from " + host + ":" + port + " is longer than " + maxLineBytes
                                + " bytes and was skipped (" + longLines + " such lines so far); send shorter lines or"
                                + " raise the limit with new SocketTextReceiver(host, port, maxLineBytes)", null);
                    }
                } else {
                    String text = whole ? decoder.decode(buf, start, i - start) : decoder.decode(line.toByteArray());
                    if (text == null) {
                        badText++;
                        if (isReportable(badText)) {
                            reportError("line " + lineNo + " from " + host + ":" + port + " is not valid UTF-8 text (binary"
                                    + " data?) and was skipped (" + badText + " such lines so far)", null);
                        }
                    } else {
                        store(text);
                    }
                }
                line.reset();
                tooLong = false;
                start = i + 1;
            }
            if (!tooLong) {
                line.write(buf, start, n - start);
                if (line.size() > maxLineBytes) {
                    tooLong = true;
                    line.reset();
                }
            }
        }
    }

    private static boolean isReportable(long count) {
        long c = count;
        while (c % 10 == 0) {
            c /= 10;
        }
        return c == 1;
    }

    /**
     * Decodes lines as strict UTF-8 (null for invalid text). A line of ASCII bytes, the usual case,
     * becomes a string in one step; others go through a decoder kept for the connection.
     */
    static final class LineDecoder {
        private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

        String decode(byte[] bytes) {
            return decode(bytes, 0, bytes.length);
        }

        /** Decodes {@code len} bytes of {@code bytes} from {@code off}, less a final carriage return. */
        String decode(byte[] bytes, int off, int len) {
            if (len > 0 && bytes[off + len - 1] == '\r') {
                len--;
            }
            boolean ascii = true;
            for (int i = off, end = off + len; i < end; i++) {
                if (bytes[i] < 0) {
                    ascii = false;
                    break;
                }
            }
            if (ascii) {
                // ASCII reads the same in ISO-8859-1 as in UTF-8, and such a string is made without a decoder
                return new String(bytes, off, len, StandardCharsets.ISO_8859_1);
            }
            try {
                return utf8.reset().decode(ByteBuffer.wrap(bytes, off, len)).toString();
            } catch (CharacterCodingException e) {
                return null;
            }
        }
    }
}
