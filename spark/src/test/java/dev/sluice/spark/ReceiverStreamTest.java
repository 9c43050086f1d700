package dev.sluice.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.sources.AckingLineReceiver;
import dev.sluice.streaming.ManualClock;
import dev.sluice.streaming.Receiver;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.Time;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code receiverStream} on Spark ({@code local[2]}, batches driven by a {@link ManualClock}): a
 * Sluice receiver runs on an executor inside Spark's receiver, against a real loopback server.
 */
class ReceiverStreamTest {

    static final Duration BATCH = Duration.ofSeconds(1);

    /** One configuration for every test, so they share one Spark context. */
    static StreamingContext context(ManualClock clock) {
        return StreamingContext.builder().master("local[2]").batchInterval(BATCH).parallelism(2).clock(clock)
                .conf("spark.streaming.receiverRestartDelay", "100").build();
    }

    static void runBatch(StreamingContext ssc, ManualClock clock, int i) throws InterruptedException {
        clock.advance(BATCH);
        assertTrue(ssc.awaitBatch(new Time(i * BATCH.toMillis()), Duration.ofSeconds(60)), "batch " + i + " did not complete in 60 s");
    }

    @Test
    void aReliableReceiverStoresEveryAcknowledgedLineOnceAcrossARestartAndResumesFromItsStoredPosition() throws Exception {
        ManualClock clock = new ManualClock(0);
        try (AckServer server = new AckServer(); StreamingContext ssc = context(clock)) {
            for (int i = 1; i <= 5; i++) {
                server.add("line-" + i);
            }
            List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
            ssc.receiverStream(new AckingLineReceiver("127.0.0.1", server.port())).foreachRDD(rdd -> {
                List<String> b = new ArrayList<>();
                rdd.collect().forEach(o -> b.add(String.valueOf(o)));
                batches.add(b);
            });
            ssc.start();
            server.awaitAck(5);                              // stored in Spark's block manager and reported to the driver
            runBatch(ssc, clock, 1);
            assertEquals(List.of("line-1", "line-2", "line-3", "line-4", "line-5"), batches.get(0));

            server.dropConnectionAndAdd("line-6", "line-7", "line-8");   // the receiver sees the close and restarts
            server.awaitAck(8);
            runBatch(ssc, clock, 2);
            assertEquals(List.of("line-6", "line-7", "line-8"), batches.get(1));
            assertEquals(List.of(-1L, 5L), server.resumes(), "the second connection resumes after the last stored line");

            runBatch(ssc, clock, 3);
            assertEquals(List.of(), batches.get(2));
        }
    }

    /** Stores single records (Spark's block generator makes the blocks) and reports an error once. */
    static final class CountingReceiver extends Receiver<Integer> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int n;
        private transient Thread thread;

        CountingReceiver(int n) {
            this.n = n;
        }

        @Override
        public void onStart() {
            thread = new Thread(() -> {
                reportError("counting receiver says hello", new IllegalStateException("a reported problem"));
                for (int i = 0; i < n && !isStopped(); i++) {
                    store(i);
                }
            }, "counting-receiver");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void onStop() {
        }
    }

    @Test
    void singleRecordsArriveExactlyOnceAndReportedErrorsReachRecentErrors() throws Exception {
        ManualClock clock = new ManualClock(0);
        try (StreamingContext ssc = context(clock)) {
            List<Object> seen = Collections.synchronizedList(new ArrayList<>());
            ssc.receiverStream(new CountingReceiver(1000)).foreachRDD(rdd -> seen.addAll(rdd.collect()));
            ssc.start();
            // Single records become blocks every 200 ms of Spark's block generator: run batches until all
            // arrived, at most 600 (each waits for its batch to complete).
            int i = 0;
            while (seen.size() < 1000 && i < 600) {
                runBatch(ssc, clock, ++i);
            }
            List<Integer> sorted = new ArrayList<>();
            seen.forEach(o -> sorted.add((Integer) o));
            Collections.sort(sorted);
            List<Integer> expected = new ArrayList<>();
            for (int k = 0; k < 1000; k++) {
                expected.add(k);
            }
            assertEquals(expected, sorted);
            while (ssc.recentErrors().stream().noneMatch(e -> e.contains("counting receiver says hello")) && i < 1200) {
                runBatch(ssc, clock, ++i);
            }
            assertTrue(ssc.recentErrors().stream().anyMatch(e -> e.contains("counting receiver says hello")
                    && e.contains("a reported problem") && e.stream().orElse("").equals("receiverStream")), ssc.recentErrors().toString());
        }
    }

    /** Not serializable: Spark cannot ship it. */
    static final class LocalOnlyReceiver extends Receiver<String> {
        @Override
        public void onStart() {
        }

        @Override
        public void onStop() {
        }
    }

    /** Serializable, but holds something that is not. */
    static final class HoldsALock extends Receiver<String> implements Serializable {
        private static final long serialVersionUID = 1L;
        @SuppressWarnings("unused")
        private final Object lock = new Object();

        @Override
        public void onStart() {
        }

        @Override
        public void onStop() {
        }
    }

    @Test
    void aReceiverThatCannotBeShippedToAnExecutorIsRefusedAtStartWithWhatToDo() {
        ManualClock clock = new ManualClock(0);
        try (StreamingContext ssc = context(clock)) {
            ssc.receiverStream(new LocalOnlyReceiver()).print();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ssc::start);
            assertTrue(e.getMessage().contains(LocalOnlyReceiver.class.getName()) && e.getMessage().contains("implements java.io.Serializable"),
                    e.getMessage());
        }
        try (StreamingContext ssc = context(clock)) {
            ssc.receiverStream(new HoldsALock()).print();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ssc::start);
            assertTrue(e.getMessage().contains("could not be serialized") && e.getMessage().contains("java.lang.Object")
                    && e.getMessage().contains("transient"), e.getMessage());
        }
    }

    @Test
    void aReceiverAttachedWhileRunningThatCannotShipLeavesTheRunningStreamsAlone() throws Exception {
        ManualClock clock = new ManualClock(0);
        LiveGraphTest.WaitingConsole console = new LiveGraphTest.WaitingConsole();
        try (StreamingContext ssc = StreamingContext.builder().master("local[2]").batchInterval(BATCH).parallelism(2).clock(clock)
                .conf("spark.streaming.receiverRestartDelay", "100").console(() -> console).build()) {
            java.util.Queue<List<String>> queue = new java.util.concurrent.ConcurrentLinkedQueue<>();
            List<List<String>> batches = LiveGraphTest.record(ssc.queueStream(queue, true));
            ssc.start();
            queue.add(List.of("x"));
            runBatch(ssc, clock, 1);

            ssc.receiverStream(new LocalOnlyReceiver()).print();
            String line = console.await("Could not attach the new streams on Spark", Duration.ofSeconds(120));
            assertTrue(line.contains(LocalOnlyReceiver.class.getName()) && line.contains("implements java.io.Serializable"), line);
            assertTrue(ssc.recentErrors().stream().anyMatch(e -> e.contains("Attaching the new streams failed, nothing was restarted")),
                    ssc.recentErrors().toString());
            queue.add(List.of("y"));
            runBatch(ssc, clock, 2);
            assertEquals(List.of(List.of("x"), List.of("y")), batches, "the running streams go on, not restarted");
            assertEquals(0, console.count("Attached by restarting"), console.text());
        }
    }

    @Test
    void aGracefulStopWithAManualClockFinishesWithoutTheClockMoving() throws Exception {
        ManualClock clock = new ManualClock(0);
        StreamingContext ssc = context(clock);
        java.util.Queue<List<String>> queue = new java.util.concurrent.ConcurrentLinkedQueue<>();
        List<List<String>> batches = LiveGraphTest.record(ssc.queueStream(queue, true));
        ssc.start();
        queue.add(List.of("x"));
        runBatch(ssc, clock, 1);
        Thread stopper = new Thread(() -> ssc.stop(true), "stopper");
        stopper.start();
        stopper.join(120_000);           // a bound, not a timing: Spark's own graceful stop would wait here for the clock forever
        boolean stopped = !stopper.isAlive();
        if (!stopped) {
            clock.advance(BATCH);        // let it finish before failing
            stopper.join(60_000);
        }
        assertTrue(stopped, "ssc.stop(true) with a manual clock did not return without the clock moving");
        assertEquals(List.of(List.of("x")), batches);
    }

    /**
     * The server side of {@link AckingLineReceiver}'s protocol on a loopback port: sends its numbered
     * lines after the position the receiver resumes from, records the acknowledgements.
     */
    static final class AckServer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        private final List<String> lines = new ArrayList<>();
        private final List<Long> resumes = new ArrayList<>();
        private long acked = -1;
        private Socket current;
        private final Thread acceptor;

        AckServer() throws IOException {
            acceptor = new Thread(this::acceptLoop, "ack-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        synchronized void add(String line) {
            lines.add(line);
        }

        synchronized List<Long> resumes() {
            return new ArrayList<>(resumes);
        }

        /** Closes the current connection and adds lines, which the next connection gets. */
        void dropConnectionAndAdd(String... more) throws IOException {
            Socket s;
            synchronized (this) {
                lines.addAll(List.of(more));
                s = current;
                current = null;
            }
            if (s != null) {
                s.close();
            }
        }

        /** Waits (at most 60 s) until the receiver acknowledged line {@code seq}. */
        synchronized void awaitAck(long seq) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acked < seq) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("line " + seq + " was not acknowledged within 60 s (acked " + acked + ")");
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> serve(s), "ack-server-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (s) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                Writer out = new java.io.OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8);
                String hello = in.readLine();
                long from = Long.parseLong(hello.substring("RESUME ".length()));
                List<String> send;
                synchronized (this) {
                    resumes.add(from);
                    current = s;
                    send = new ArrayList<>(lines);
                }
                StringBuilder text = new StringBuilder();
                for (int i = (int) Math.max(1, from + 1); i <= send.size(); i++) {
                    text.append(i).append(' ').append(send.get(i - 1)).append('\n');
                }
                out.write(text.toString());
                out.flush();
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("ACK ")) {
                        synchronized (this) {
                            acked = Math.max(acked, Long.parseLong(line.substring(4)));
                            notifyAll();
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the connection ended (the test dropped it, or the receiver stopped)
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            Socket s;
            synchronized (this) {
                s = current;
            }
            if (s != null) {
                s.close();
            }
        }
    }
}
