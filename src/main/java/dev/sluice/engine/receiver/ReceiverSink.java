package dev.sluice.engine.receiver;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Where a {@link dev.sluice.streaming.Receiver} hands its records and its lifecycle requests: the
 * embedded engine's {@link ReceiverSupervisor}, or a runner's own receiver host (the Spark runner
 * runs a receiver inside one of Spark's receivers on an executor).
 */
public interface ReceiverSink {

    /** Buffers one record (see {@code Receiver.store(T)}). */
    void pushSingle(Object record);

    /** Stores {@code data} as one block and returns once it is stored; {@code position} may be null. */
    void pushMultiple(List<?> data, Serializable position);

    /** Returns the position stored with the latest block, or null. */
    Serializable lastStoredPosition();

    /** Reports an error without stopping the receiver. */
    void reportError(String message, Throwable error);

    /** Restarts the receiver after {@code delayMs} (negative: the sink's backoff). */
    void restart(String message, Throwable error, long delayMs);

    /** Stops the receiver for good. */
    void stopReceiver(String message, Throwable error);

    /** Returns true unless the receiver is started. */
    boolean isReceiverStopped();

    /** Returns the id of the stream the receiver feeds, or -1 if not known yet. */
    int streamId();

    /**
     * Binds {@code receiver} to {@code sink}, for a runner that hosts receivers itself; a receiver is
     * bound once (a copy deserialized elsewhere starts unbound).
     *
     * @throws IllegalStateException if the receiver is already bound
     */
    static void bind(dev.sluice.streaming.Receiver<?> receiver, ReceiverSink sink) {
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(sink, "sink");
        Binder.get().accept(receiver, sink);
    }

    /** Holds {@code Receiver}'s binding method, which only {@code Receiver} itself can reach; set when that class initializes. */
    final class Binder {
        private static volatile BiConsumer<dev.sluice.streaming.Receiver<?>, ReceiverSink> binder;

        private Binder() {
        }

        /** Called once by {@code Receiver}'s static initializer. */
        public static void set(BiConsumer<dev.sluice.streaming.Receiver<?>, ReceiverSink> b) {
            if (binder == null) {
                binder = b;
            }
        }

        static BiConsumer<dev.sluice.streaming.Receiver<?>, ReceiverSink> get() {
            BiConsumer<dev.sluice.streaming.Receiver<?>, ReceiverSink> b = binder;
            if (b == null) {
                throw new IllegalStateException("dev.sluice.streaming.Receiver is not initialized");
            }
            return b;
        }
    }
}
