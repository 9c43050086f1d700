package dev.sluice.streaming;

import dev.sluice.engine.receiver.ReceiverSink;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Takes live data from an outside source into a stream: {@link #onStart()} starts the threads that
 * read the source and hand records to {@code store}; {@link #onStop()} stops them. Add one to a
 * context with {@link StreamingContext#receiverStream(Receiver)}; it starts when the context starts
 * (or at the next batch boundary if the context already runs) and stops when the context stops.
 *
 * <p>The engine runs each receiver under a supervisor on its own thread. A receiver that fails calls
 * {@link #restart(String, Throwable)}: it is stopped, and started again after a backoff (100 ms,
 * doubling up to 5 s, on the context's clock). So is a receiver whose {@link #onStart()} throws, or
 * one of whose threads (those {@code onStart} starts, and the threads they start) ends with an
 * exception. Failures are kept in {@link StreamingContext#recentErrors()} with the receiver's stream
 * and shown on the console of the cell or shell that created the receiver, the first time with
 * the stack frames of the receiver's code. Its status (running, last error, records, rate) is
 * reported to {@link StreamingListener#onReceiverStarted}, {@code onReceiverError} and
 * {@code onReceiverStopped}, and by {@link StreamingContext#receivers()}.
 *
 * <h2>Storing, reliability and flow control</h2>
 * <ul>
 * <li>{@link #store(Object)} buffers one record and returns at once; every block interval the
 *     buffer becomes a block. Use it for sources that cannot be asked again (an unreliable
 *     receiver): when unprocessed input is above the context's memory budget, the record is
 *     dropped, counted ({@link ReceiverInfo#recordsDropped()}) and reported.</li>
 * <li>{@link #store(List)} stores the records as one block and returns only once they are safely
 *     stored: in the write-ahead log when the context has a checkpoint directory. Above the
 *     memory budget it waits instead of dropping. A reliable receiver acknowledges data to its
 *     source only after this returns, so nothing acknowledged is ever lost.</li>
 * <li>{@link #store(List, Serializable)} also records the source position reached (an offset,
 *     a sequence number); after a crash and recovery, {@link #lastStoredPosition()} returns the
 *     last one stored, so the receiver resumes from there and data stored but not yet acknowledged
 *     is not read twice.</li>
 * <li>Both wait for the receiver's rate limit ({@code maxRate}, lowered by backpressure).</li>
 * </ul>
 * With a checkpoint directory, stored records must be {@link Serializable}.
 *
 * <h2>A reliable receiver</h2>
 * <pre>{@code
 * class QueueReceiver extends Receiver<String> {
 *     private final ExternalQueue source;     // delivers messages until acknowledged
 *     QueueReceiver(ExternalQueue source) { this.source = source; }
 *
 *     public void onStart() {
 *         new Thread(() -> {
 *             while (!isStopped()) {
 *                 List<Message> batch = source.poll(100);
 *                 if (batch.isEmpty()) continue;
 *                 store(batch.stream().map(Message::text).toList());   // in the write-ahead log now
 *                 source.acknowledge(batch);                           // only then acknowledge
 *             }
 *         }).start();
 *     }
 *     public void onStop() { }  // the thread sees isStopped() and ends
 * }
 * }</pre>
 * {@link dev.sluice.sources.AckingLineReceiver} is a complete example over TCP.
 *
 * <p>A receiver instance feeds one stream of one context; create a new one for each.
 *
 * <p>On a Spark master ({@code StreamingContext.builder().master("local[2]")}, {@code spark://...})
 * the receiver runs on an executor, inside one of Spark's receivers: it must implement
 * {@link Serializable} (and so must what it holds), it is serialized once per start of the
 * context, and {@code store}, {@code restart}, {@code reportError}, {@code stop} and
 * {@code isStopped} go to Spark's receiver (restarts follow Spark's delay; a position stored with
 * {@link #store(List, Serializable)} is remembered only while the executor runs).
 *
 * @param <T> the type of records
 */
public abstract class Receiver<T> {

    static {
        ReceiverSink.Binder.set(Receiver::attach);
    }

    /** Not serialized: a receiver shipped to another JVM (a Spark executor) is bound there afresh. */
    private transient volatile ReceiverSink supervisor;

    /** Creates a receiver; it does nothing until its context starts it. */
    protected Receiver() {
    }

    /**
     * Starts receiving: starts the threads that read the source and call {@code store}. Must not
     * block. Called on the supervisor's thread, again after every restart.
     */
    public abstract void onStart();

    /**
     * Stops receiving: releases what {@link #onStart()} acquired. Threads started by it should
     * end when {@link #isStopped()} becomes true.
     */
    public abstract void onStop();

    /** Returns the name used in status reports and thread names; by default the class's simple name. */
    public String name() {
        String n = getClass().getSimpleName();
        return n.isEmpty() ? "receiver" : n;
    }

    final void attach(ReceiverSink s) {
        if (supervisor != null) {
            throw new IllegalStateException("receiver " + name() + " already feeds a stream; create a new receiver for each stream");
        }
        supervisor = s;
    }

    private ReceiverSink supervisor() {
        ReceiverSink s = supervisor;
        if (s == null) {
            throw new IllegalStateException("receiver " + name() + " is not part of a context; pass it to ssc.receiverStream(...)");
        }
        return s;
    }

    /**
     * Buffers one record; it goes into the next block. Returns at once (after the rate limit);
     * dropped and counted when unprocessed input is above the memory budget.
     *
     * @throws IllegalStateException if the receiver was stopped for good
     */
    public final void store(T record) {
        supervisor().pushSingle(record);
    }

    /**
     * Stores {@code records} as one block and returns once they are safely stored (in the
     * write-ahead log when the context has a checkpoint directory); waits while unprocessed input
     * is above the memory budget. Acknowledge to the source only after it returns.
     *
     * @throws IllegalStateException if the receiver stopped or began restarting first (nothing stored)
     * @throws java.io.UncheckedIOException if the write-ahead log failed (nothing stored)
     */
    public final void store(List<T> records) {
        Objects.requireNonNull(records, "records");
        supervisor().pushMultiple(records, null);
    }

    /**
     * Like {@link #store(List)}, also recording {@code position}, the source position after the
     * last record, returned by {@link #lastStoredPosition()} after a restart or recovery.
     */
    public final void store(List<T> records, Serializable position) {
        Objects.requireNonNull(records, "records");
        supervisor().pushMultiple(records, position);
    }

    /**
     * Returns the position stored with the latest block of this stream (see
     * {@link #store(List, Serializable)}), recovered from the write-ahead log after a crash; empty
     * if none was stored.
     */
    public final Optional<Serializable> lastStoredPosition() {
        return Optional.ofNullable(supervisor().lastStoredPosition());
    }

    /** Reports an error without stopping: logged, sent to listeners, shown as the receiver's last error. */
    public final void reportError(String message, Throwable error) {
        supervisor().reportError("Receiver " + name() + ": " + message, error);
    }

    /** Restarts the receiver after the backoff delay: {@link #onStop()}, then {@link #onStart()}. */
    public final void restart(String message) {
        supervisor().restart(message, null, -1);
    }

    /** Reports {@code error} and restarts the receiver after the backoff delay. */
    public final void restart(String message, Throwable error) {
        supervisor().restart("Receiver " + name() + ": " + message, error, -1);
    }

    /** Reports {@code error} (if not null) and restarts the receiver after {@code delay}. */
    public final void restart(String message, Throwable error, Duration delay) {
        Objects.requireNonNull(delay, "delay");
        supervisor().restart("Receiver " + name() + ": " + message, error, delay.toMillis());
    }

    /** Stops the receiver for good; the context keeps running. */
    public final void stop(String message) {
        supervisor().stopReceiver(message, null);
    }

    /** Reports {@code error} and stops the receiver for good; the context keeps running. */
    public final void stop(String message, Throwable error) {
        supervisor().stopReceiver("Receiver " + name() + ": " + message, error);
    }

    /** Returns true unless the receiver is started: before it starts, while it restarts, after it stopped. */
    public final boolean isStopped() {
        ReceiverSink s = supervisor;
        return s == null || s.isReceiverStopped();
    }

    /** Returns true while the receiver is started. */
    public final boolean isStarted() {
        return !isStopped();
    }

    /** Returns the id of the stream this receiver feeds, or -1 before it is added to a context. */
    public final int streamId() {
        ReceiverSink s = supervisor;
        return s == null ? -1 : s.streamId();
    }
}
