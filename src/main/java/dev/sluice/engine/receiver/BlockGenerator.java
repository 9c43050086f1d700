package dev.sluice.engine.receiver;

import dev.sluice.engine.scheduler.RecurringTimer;
import dev.sluice.streaming.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the records a receiver stores one at a time into blocks: every block interval, on the
 * context's clock, whatever was buffered since the last cut becomes one block handed to the
 * {@link Handler}. The job generator also cuts at every batch boundary, so a record stored before
 * a batch's time is in that batch or an earlier one.
 *
 * <p>{@link #add} is called on receiver threads, {@link #cut} on the timer thread or the job
 * generator thread; cuts are serialized so blocks are handed over in order.
 */
public final class BlockGenerator {

    /** Receives each cut block's records. */
    @FunctionalInterface
    public interface Handler {
        /** Takes the records of one block and their estimated bytes. */
        void onBlock(List<Object> records, long bytes) throws Exception;
    }

    private final Handler handler;
    private final RecurringTimer timer;
    private final Object cutLock = new Object();
    private final ErrorSink errors;
    private List<Object> buffer = new ArrayList<>();
    private long bufferBytes;
    /** True while records were added since the last cut; written under this object's lock. */
    private volatile boolean pending;
    /**
     * True from the moment a cut takes the buffer until its block is handed over: a cut that finds
     * nothing pending still waits for that block, so the batch boundary's cut returns only once every
     * record stored before it is in a handed-over block.
     */
    private volatile boolean handing;
    private boolean started;

    /** Where a failed hand-over is reported. */
    @FunctionalInterface
    public interface ErrorSink {
        /** Reports a failure. */
        void report(String message, Throwable error);
    }

    /** Creates a stopped generator. */
    public BlockGenerator(String name, Clock clock, long blockIntervalMicros, Handler handler, ErrorSink errors) {
        this.handler = handler;
        this.errors = errors;
        this.timer = new RecurringTimer(clock, blockIntervalMicros, t -> cut(), name);
    }

    /** Starts cutting every block interval. */
    public synchronized void start() {
        if (!started) {
            started = true;
            timer.start(timer.firstTime());
        }
    }

    /** Buffers one record of {@code bytes} estimated bytes. */
    public synchronized void add(Object record, long bytes) {
        buffer.add(record);
        bufferBytes += bytes;
        if (!pending) {
            pending = true;
        }
    }

    /** Returns the number of records buffered. */
    public synchronized int buffered() {
        return buffer.size();
    }

    /** Hands what is buffered over as one block, if anything is. */
    public void cut() {
        if (!pending && !handing) {
            // nothing was added since the last cut and no cut is handing a block over: an idle
            // receiver's cut takes no lock; a record added after this look goes into the next cut,
            // as one added just after the cut would. (handing is set before pending is cleared, so
            // a cut that sees pending cleared by another also sees that one's hand-over under way.)
            return;
        }
        synchronized (cutLock) {
            List<Object> records;
            long bytes;
            synchronized (this) {
                if (buffer.isEmpty()) {
                    pending = false;
                    return;
                }
                records = buffer;
                bytes = bufferBytes;
                buffer = new ArrayList<>();
                bufferBytes = 0;
                handing = true;
                pending = false;
            }
            try {
                handler.onBlock(records, bytes);
            } catch (Exception e) {
                errors.report("A block of " + records.size() + " records could not be stored; they are lost", e);
            } finally {
                handing = false;
            }
        }
    }

    /** Stops the timer and cuts what is left. */
    public void stop() {
        timer.stop();
        cut();
    }
}
