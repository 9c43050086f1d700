package dev.sluice.spark;

import dev.sluice.engine.receiver.ReceiverSink;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.streaming.receiver.Receiver;

/**
 * Spark's receiver that runs a user's Sluice {@link dev.sluice.streaming.Receiver} on an executor:
 * Spark ships this object (with the Sluice receiver in it) to an executor and calls
 * {@link #onStart()} there; the Sluice receiver's {@code store}, {@code restart},
 * {@code reportError}, {@code stop} and {@code isStopped} go to Spark's receiver API. A position
 * stored with {@code store(records, position)} is kept in this object, so it survives Spark's
 * restarts of the receiver on the same executor, not a move to another one.
 */
final class HostedReceiver extends Receiver<Object> {

    private static final long serialVersionUID = 1L;

    private final dev.sluice.streaming.Receiver<Object> receiver;
    private transient volatile boolean bound;
    private transient volatile Serializable position;

    HostedReceiver(dev.sluice.streaming.Receiver<Object> receiver, StorageLevel level) {
        super(level);
        this.receiver = receiver;
    }

    /**
     * Checks that {@code receiver} can be shipped to an executor: it implements
     * {@link Serializable} and serializes (what it holds too); the message names the class and the
     * cause, and says what to do.
     */
    static void checkSerializable(dev.sluice.streaming.Receiver<?> receiver) {
        String name = receiver.getClass().getName();
        if (!(receiver instanceof Serializable)) {
            throw new IllegalArgumentException("receiverStream on Spark runs the receiver on an executor, so it must be serializable: "
                    + name + " does not implement java.io.Serializable; declare it 'implements java.io.Serializable'"
                    + " (and keep sockets, threads and clients in transient fields made in onStart())");
        }
        try (var out = new java.io.ObjectOutputStream(java.io.OutputStream.nullOutputStream())) {
            out.writeObject(receiver);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("receiverStream on Spark runs the receiver on an executor, but " + name
                    + " could not be serialized (" + e + "); make the fields it names transient and create them in onStart(),"
                    + " or make their classes serializable", e);
        }
    }

    @Override
    public void onStart() {
        if (!bound) {
            ReceiverSink.bind(receiver, new Sink());
            bound = true;
        }
        receiver.onStart();
    }

    @Override
    public void onStop() {
        receiver.onStop();
    }

    @Override
    public scala.Option<String> preferredLocation() {
        return scala.Option.empty();
    }

    /** The Sluice receiver's calls, passed to this Spark receiver. */
    private final class Sink implements ReceiverSink {
        @Override
        public void pushSingle(Object record) {
            store(record);
        }

        @Override
        public void pushMultiple(List<?> data, Serializable pos) {
            if (!data.isEmpty()) {
                @SuppressWarnings("unchecked")
                java.util.Iterator<Object> it = (java.util.Iterator<Object>) data.iterator();
                store(it);      // one block, returns once Spark has stored it
            }
            if (pos != null) {
                position = pos;
            }
        }

        @Override
        public Serializable lastStoredPosition() {
            return position;
        }

        @Override
        public void reportError(String message, Throwable error) {
            HostedReceiver.this.reportError(message, error);
        }

        @Override
        public void restart(String message, Throwable error, long delayMs) {
            if (delayMs >= 0) {
                HostedReceiver.this.restart(message, error, (int) Math.min(Integer.MAX_VALUE, delayMs));
            } else if (error != null) {
                HostedReceiver.this.restart(message, error);
            } else {
                HostedReceiver.this.restart(message);
            }
        }

        @Override
        public void stopReceiver(String message, Throwable error) {
            if (error != null) {
                stop(message, error);
            } else {
                stop(message);
            }
        }

        @Override
        public boolean isReceiverStopped() {
            return !isStarted();
        }

        @Override
        public int streamId() {
            return HostedReceiver.this.streamId();
        }
    }
}
