package dev.sluice.sources;

import dev.sluice.streaming.Receiver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.Writer;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A reliable receiver, and the example to follow for one: reads numbered lines from a TCP server
 * that keeps each line until it is acknowledged, and acknowledges lines only after
 * {@link #store(List, Serializable)} has put them in the write-ahead log. (Its connection handling,
 * shared with {@code socketTextStream}'s receiver, is in a package-private base class: a receiver of
 * your own extends {@link dev.sluice.streaming.Receiver} and starts its thread in {@code onStart}.)
 *
 * <p>The protocol, one UTF-8 line per message:
 * <pre>
 * receiver -> server   RESUME &lt;n&gt;         on connecting: lines up to n are stored (-1: none); send from n+1
 * server -> receiver   &lt;seq&gt; &lt;payload&gt;    lines in increasing seq order
 * receiver -> server   ACK &lt;seq&gt;           every line up to seq is stored; the server may forget them
 * </pre>
 * Each store carries the last sequence number as the source position. After a crash the context
 * recovers the position from the log ({@link #lastStoredPosition()}) and the receiver resumes from
 * there, so lines stored but not yet acknowledged are not stored twice: every acknowledged line is
 * in the stream exactly once.
 *
 * <pre>{@code
 * StreamingContext ssc = StreamingContext.getOrCreate(dir, () -> {
 *     StreamingContext c = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).checkpointDir(dir).build();
 *     c.receiverStream(new AckingLineReceiver("127.0.0.1", 7000)).name("feed").saveAsTextFiles("out/feed", "txt");
 *     return c;
 * });
 * ssc.start();
 * }</pre>
 */
public final class AckingLineReceiver extends TcpLineReceiver {

    private final int maxLinesPerBlock;

    /** Creates a receiver of {@code host:port} storing up to 1000 lines per block. */
    public AckingLineReceiver(String host, int port) {
        this(host, port, 1000);
    }

    /** Creates a receiver of {@code host:port} storing up to {@code maxLinesPerBlock} lines per block. */
    public AckingLineReceiver(String host, int port, int maxLinesPerBlock) {
        super(host, port, "acking-receiver");
        if (maxLinesPerBlock < 1) {
            throw new IllegalArgumentException("maxLinesPerBlock must be at least 1, got " + maxLinesPerBlock);
        }
        this.maxLinesPerBlock = maxLinesPerBlock;
    }

    @Override
    public String name() {
        return "acking " + host + ":" + port;
    }

    @Override
    void read(Socket s, Object token) throws IOException {
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            Writer out = new java.io.OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8);
            long position = lastStoredPosition().map(p -> (Long) p).orElse(-1L);
            out.write("RESUME " + position + "\n");
            out.flush();
            List<String> batch = new ArrayList<>();
            String line;
            while (current(token) && (line = in.readLine()) != null) {
                long seq = parseSeq(line);
                if (seq <= position) {
                    continue;
                }
                batch.add(line.substring(line.indexOf(' ') + 1));
                position = seq;
                if (batch.size() >= maxLinesPerBlock || !in.ready()) {
                    store(new ArrayList<>(batch), position);
                    batch.clear();
                    out.write("ACK " + position + "\n");
                    out.flush();
                }
            }
        } catch (RuntimeException e) {
            // Anything else that fails while reading (a store, say) ends the connection the same way:
            // reported, then a reconnect that resumes from the last stored position.
            throw new IOException(e.getMessage(), e);
        }
    }

    private long parseSeq(String line) throws IOException {
        int sp = line.indexOf(' ');
        try {
            return Long.parseLong(sp < 0 ? line : line.substring(0, sp));
        } catch (NumberFormatException e) {
            throw new IOException("the server at " + host + ":" + port + " sent a line without a sequence number: "
                    + (line.length() > 80 ? line.substring(0, 80) + "..." : line));
        }
    }
}
