package dev.sluice.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.streaming.ManualClock;
import dev.sluice.streaming.ReceiverInfo;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.StreamingContextState;
import dev.sluice.streaming.StreamingListener;
import dev.sluice.streaming.Time;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** socketTextStream against real servers on 127.0.0.1: lines, bad input, refused connections, reconnects. */
class SocketTextReceiverTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    static final class Errors implements StreamingListener {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final List<ReceiverInfo> receiverErrors = new CopyOnWriteArrayList<>();

        @Override
        public void onError(String message, Throwable error) {
            messages.add(message);
        }

        @Override
        public void onReceiverError(ReceiverInfo r) {
            receiverErrors.add(r);
        }

        boolean any(String part) {
            return messages.stream().anyMatch(m -> m.contains(part));
        }
    }

    static void await(BooleanSupplier c, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            synchronized (c) {
                c.wait(5);
            }
        }
    }

    private static ServerSocket server() throws Exception {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        s.setSoTimeout((int) WAIT.toMillis());
        return s;
    }

    private static List<List<String>> collect(StreamingContext ssc, String host, int port) {
        List<List<String>> out = Collections.synchronizedList(new ArrayList<>());
        ssc.socketTextStream(host, port).foreachRDD(rdd -> out.add(rdd.collect()));
        return out;
    }

    private static void batch(ManualClock clock, StreamingContext ssc) throws InterruptedException {
        long next = (clock.millis() / 1000 + 1) * 1000;
        clock.setTime(next);
        assertTrue(ssc.awaitBatch(new Time(next), WAIT), "batch " + next);
    }

    @Test
    void linesArriveAndBinaryGarbageAndOverlongLinesAreReportedAndSkipped() throws Exception {
        ManualClock clock = new ManualClock();
        Errors errors = new Errors();
        try (ServerSocket server = server();
             StreamingContext ssc = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).clock(clock).build()) {
            ssc.addListener(errors);
            List<List<String>> out = collect(ssc, "127.0.0.1", server.getLocalPort());
            ssc.start();
            try (Socket client = server.accept()) {
                OutputStream o = client.getOutputStream();
                o.write("hello\n".getBytes(StandardCharsets.UTF_8));
                o.write(new byte[] {(byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3, '\n'});
                o.write("x".repeat(SocketTextReceiver.DEFAULT_MAX_LINE_BYTES + 10).getBytes(StandardCharsets.UTF_8));
                o.write("\nworld\r\nnaïve\n".getBytes(StandardCharsets.UTF_8));
                o.flush();
                await(() -> ssc.receivers().get(0).recordsReceived() == 3, "three good lines");
                batch(clock, ssc);
                assertEquals(List.of(List.of("hello", "world", "naïve")), out);
                await(() -> errors.any("line 2 from 127.0.0.1:" + server.getLocalPort() + " is not valid UTF-8"), "garbage report");
                await(() -> errors.any("line 3 from 127.0.0.1:" + server.getLocalPort() + " is longer than"), "long line report");
                await(() -> errors.receiverErrors.size() >= 2, "receiver error events");
                assertTrue(ssc.recentErrors().stream().anyMatch(e -> e.contains("not valid UTF-8")));
                o.write("still open\n".getBytes(StandardCharsets.UTF_8));
                o.flush();
                await(() -> ssc.receivers().get(0).recordsReceived() == 4, "the connection stayed open");
                batch(clock, ssc);
                assertEquals(List.of("still open"), out.get(1));
                assertEquals(StreamingContextState.ACTIVE, ssc.state());
            }
        }
    }

    @Test
    void aPortNobodyListensOnIsReportedAndRetriedUntilAServerAppears() throws Exception {
        ManualClock clock = new ManualClock();
        Errors errors = new Errors();
        int port;
        try (ServerSocket probe = server()) {
            port = probe.getLocalPort();
        }
        try (StreamingContext ssc = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).clock(clock).build()) {
            ssc.addListener(errors);
            List<List<String>> out = collect(ssc, "127.0.0.1", port);
            ssc.start();
            await(() -> errors.any("cannot connect to 127.0.0.1:" + port), "connection refused report");
            await(() -> !errors.receiverErrors.isEmpty(), "receiver error event");
            assertTrue(errors.receiverErrors.get(0).lastError().orElseThrow().contains("is a server listening there?"));
            batch(clock, ssc);
            assertEquals(StreamingContextState.ACTIVE, ssc.state());
            try (ServerSocket server = new ServerSocket()) {
                server.setReuseAddress(true);
                server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                server.setSoTimeout(500);
                Socket accepted = null;
                // Move the clock past the receiver's backoff (100 ms doubling to 5 s) until it connects again.
                for (int i = 0; i < 60 && accepted == null; i++) {
                    clock.advance(Duration.ofMillis(200));
                    try {
                        accepted = server.accept();
                    } catch (SocketTimeoutException notYet) {
                        accepted = null;
                    }
                }
                assertNotNull(accepted, "the receiver did not reconnect within 12 s of its clock");
                try (Socket client = accepted) {
                    client.getOutputStream().write("late\n".getBytes(StandardCharsets.UTF_8));
                    client.getOutputStream().flush();
                    await(() -> ssc.receivers().get(0).recordsReceived() == 1, "line after reconnecting");
                    batch(clock, ssc);
                    assertTrue(out.contains(List.of("late")), out.toString());
                }
            }
        }
    }

    @Test
    void aConnectionClosedByTheServerIsReopenedAfterTheBackoff() throws Exception {
        ManualClock clock = new ManualClock();
        try (ServerSocket server = server();
             StreamingContext ssc = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).clock(clock).build()) {
            List<List<String>> out = collect(ssc, "localhost", server.getLocalPort());
            ssc.start();
            try (Socket first = server.accept()) {
                first.getOutputStream().write("one\n".getBytes(StandardCharsets.UTF_8));
            }
            await(() -> ssc.receivers().get(0).recordsReceived() == 1, "first line");
            await(() -> ssc.recentErrors().stream().anyMatch(e -> e.contains("closed the connection")) || !ssc.receivers().get(0).active(),
                    "restart after the close");
            clock.advance(Duration.ofMillis(100));
            try (Socket second = server.accept()) {
                second.getOutputStream().write("two\n".getBytes(StandardCharsets.UTF_8));
                second.getOutputStream().flush();
                await(() -> ssc.receivers().get(0).recordsReceived() == 2, "second line");
            }
            batch(clock, ssc);
            assertEquals(List.of(List.of("one", "two")), out);
        }
    }

    @Test
    void linesAreStrictUtf8WithoutTheirCarriageReturnFromAnyPartOfABuffer() {
        SocketTextReceiver.LineDecoder d = new SocketTextReceiver.LineDecoder();
        byte[] buf = "xx\u00e9t\u00e9 \ud83d\ude00\r|plain ascii\r|".getBytes(StandardCharsets.UTF_8);
        String all = new String(buf, StandardCharsets.UTF_8);
        int first = all.indexOf('|');
        int firstBytes = all.substring(0, first).getBytes(StandardCharsets.UTF_8).length;
        assertEquals("\u00e9t\u00e9 \ud83d\ude00", d.decode(buf, 2, firstBytes - 2), "multi-byte text, the \\r dropped");
        assertEquals("plain ascii", d.decode(buf, firstBytes + 1, "plain ascii\r".length()));
        assertEquals("", d.decode(new byte[] {'\r'}));
        assertEquals("", d.decode(new byte[0]));
        assertEquals("a\rb", d.decode("a\rb".getBytes(StandardCharsets.US_ASCII)), "only a final \\r goes");
        assertNull(d.decode(new byte[] {'o', 'k', (byte) 0xff, 'x'}), "not UTF-8");
        assertNull(d.decode(new byte[] {(byte) 0xc3}), "a cut sequence");
        assertEquals("\u00fc", d.decode(new byte[] {(byte) 0xc3, (byte) 0xbc}), "the decoder is usable after a failure");
    }
}
