package dev.sluice.engine.receiver;

import dev.sluice.streaming.Clock;
import dev.sluice.streaming.Console;
import dev.sluice.streaming.ReceiverInfo;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one receiver on its own thread: starts it, restarts it with exponential backoff (on the
 * context clock) after an error or a restart request, stops it, and carries what it stores into
 * blocks under the rate limit and the memory budget. Reports its status (running, last error,
 * records received, rate, records dropped) to the listeners.
 *
 * <p>Its failures (a receiver that throws in {@code onStart}, one of its threads that ends with an
 * exception, a block that cannot be stored, a {@code restart} or {@code reportError} with an
 * exception) go to the context's recent errors and listeners with the receiver's stream, and are
 * shown on the console of the cell or shell that created the receiver, as an output's failures are.
 *
 * <p>Threading: {@code store} methods are called on the receiver's own threads; {@link #flush} on
 * the job generator thread; lifecycle calls on the context's threads. The receiver's
 * {@code onStart}/{@code onStop} run only on the supervisor thread.
 */
public final class ReceiverSupervisor implements ReceiverSink {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiverSupervisor.class);
    /** First restart delay. */
    static final long INITIAL_BACKOFF_MS = 100;
    /** Longest restart delay. */
    static final long MAX_BACKOFF_MS = 5_000;

    /** The receiver's lifecycle methods. */
    public interface Callbacks {
        /** Starts the receiver (must not block). */
        void onStart();

        /** Stops the receiver. */
        void onStop();
    }

    /** The supervisor's lifecycle. */
    public enum State { CREATED, STARTED, RESTARTING, STOPPED }

    private final String name;
    private final Console console;
    private final Callbacks callbacks;
    private final ReceiverTracker tracker;
    private final Clock clock;
    private final BlockGenerator blocks;
    private final RateLimiter limiter;
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong droppedUnreported = new AtomicLong();
    private final Object signal = new Object();
    private volatile State state = State.CREATED;
    private volatile boolean finalStop;
    private volatile String lastError;
    private volatile double ratePerSecond;
    private volatile long maxRate;
    private volatile long estimatedRate;
    /** The rate backpressure runs at before its first estimate (0: none); ramped by {@link #rampStep}. */
    private volatile long startupRate;
    /** Under backpressure's estimate, the rate the memory budget allows (0: none); set by {@link #rampStep}. */
    private volatile long memoryCap;
    private double bytesPerRecord = 100;
    private String restartMessage;
    private Throwable restartError;
    private long restartAt;
    private long backoff = INITIAL_BACKOFF_MS;
    private long startedAt;
    private boolean restartRequested;
    private volatile int streamId;
    private volatile String streamKey;
    private volatile String sourceName;
    private volatile java.util.function.Supplier<String> stream;
    private Thread thread;
    private long recordsAtLastFlush;
    private long lastFlushTime = Long.MIN_VALUE;

    /** Creates a supervisor for a receiver named {@code name}; nothing runs until {@link #start}. */
    public ReceiverSupervisor(String name, Callbacks callbacks, ReceiverTracker tracker) {
        this(name, null, callbacks, tracker);
    }

    /**
     * Creates a supervisor for a receiver named {@code name} whose failures are shown on
     * {@code console} (the console of the cell or shell that created it; null: only the context's
     * listeners and recent errors get them); nothing runs until {@link #start}.
     */
    public ReceiverSupervisor(String name, Console console, Callbacks callbacks, ReceiverTracker tracker) {
        this.name = name;
        this.console = console;
        this.callbacks = callbacks;
        this.tracker = tracker;
        this.clock = tracker.clock();
        this.maxRate = tracker.defaultMaxRate();
        this.limiter = new RateLimiter(clock, maxRate);
        this.blocks = new BlockGenerator(tracker.threadName("blocks-" + name), clock, tracker.blockIntervalMicros(),
                this::storeBlock, (message, error) -> reportError("Receiver " + name + ": " + message, error));
        tracker.register(this);
    }

    @Override
    public int streamId() {
        return streamId;
    }

    /** Returns the receiver's name. */
    public String name() {
        return name;
    }

    /** Returns the state. */
    public State state() {
        return state;
    }

    /** Returns the stable id of the stream the receiver feeds (set when the stream starts). */
    public String streamKey() {
        return streamKey;
    }

    /** Returns the source name used in batch reports. */
    public String sourceName() {
        return sourceName;
    }

    /** Binds the receiver to its input stream; called before {@link #start}. */
    public void bind(int streamId, String streamKey, String sourceName) {
        this.streamId = streamId;
        this.streamKey = streamKey;
        this.sourceName = sourceName;
    }

    /** Starts the supervisor thread, which starts the receiver. Idempotent. */
    public synchronized void start() {
        if (thread != null || finalStop) {
            return;
        }
        blocks.start();
        thread = new Thread(tracker.threads(), this::run, tracker.threadName("receiver-" + name));
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        ReceiverThreads.own(this);
        boolean running = false;
        try {
            while (!finalStop) {
                synchronized (signal) {
                    startedAt = clock.millis();
                }
                try {
                    state = State.STARTED;
                    callbacks.onStart();
                    running = true;
                    LOG.info("Receiver {} started", name);
                    tracker.post(l -> l.onReceiverStarted(info()));
                } catch (Throwable t) {
                    requestRestart("Receiver " + name + " failed to start", t, -1);
                }
                String message;
                long until;
                synchronized (signal) {
                    while (!restartRequested && !finalStop) {
                        signal.wait();
                    }
                    if (finalStop) {
                        break;
                    }
                    restartRequested = false;
                    message = restartMessage;
                    until = restartAt;
                }
                state = State.RESTARTING;
                if (running) {
                    stopCallbacks();
                    running = false;
                }
                LOG.info("Receiver {} restarting at {} ms: {}", name, until, message);
                clock.waitTillTime(until);
            }
        } catch (InterruptedException e) {
            LOG.debug("Receiver {} supervisor interrupted", name);
        } finally {
            state = State.STOPPED;
            if (running) {
                stopCallbacks();
            }
            LOG.info("Receiver {} stopped", name);
            tracker.post(l -> l.onReceiverStopped(info()));
        }
    }

    private void stopCallbacks() {
        try {
            callbacks.onStop();
        } catch (Throwable t) {
            reportError("Receiver " + name + " failed to stop cleanly", t);
        }
    }

    private void requestRestart(String message, Throwable error, long delayMs) {
        synchronized (signal) {
            if (finalStop || restartRequested) {
                if (error != null) {
                    reportError(message, error);
                }
                return;
            }
            state = State.RESTARTING;
            restartRequested = true;
            restartMessage = message;
            restartError = error;
            long now = clock.millis();
            if (now - startedAt >= MAX_BACKOFF_MS) {
                backoff = INITIAL_BACKOFF_MS;
            }
            long wait = delayMs >= 0 ? delayMs : backoff;
            if (delayMs < 0) {
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
            restartAt = now + wait;
            signal.notifyAll();
        }
        if (error != null) {
            reportError(message, error);
        }
        limiter.wakeAll();
        tracker.budget().wakeAll();
    }

    /** Asks for a restart: the receiver is stopped, and started again after {@code delayMs} (negative: the backoff). */
    @Override
    public void restart(String message, Throwable error, long delayMs) {
        requestRestart(message, error, delayMs);
    }

    /** Stops the receiver for good, reporting {@code error} if not null. The context keeps running. */
    @Override
    public void stopReceiver(String message, Throwable error) {
        if (error != null) {
            reportError(message, error);
        } else {
            LOG.info("Receiver {} stopping: {}", name, message);
        }
        new Thread(() -> stop(), tracker.threadName("receiver-stopper-" + name)).start();
    }

    /**
     * Reports an error of the receiver: logged, kept as its last error and among the context's
     * recent errors (with the receiver's stream), sent to listeners, shown on the console of the
     * cell or shell that created the receiver.
     */
    @Override
    public void reportError(String message, Throwable error) {
        lastError = error == null ? message : message + ": " + error;
        tracker.reportError(streamName(), message, error, this, console);
        tracker.post(l -> l.onReceiverError(info()));
    }

    /**
     * A thread of the receiver (started by its {@code onStart}, or by such a thread) ended with
     * {@code error}: reported, and the receiver restarted, since it may no longer be receiving. After
     * a stop or during a restart the receiver's threads are expected to end, so then it is only logged.
     */
    void threadDied(Thread t, Throwable error) {
        if (t == thread) {
            reportError("Receiver " + name + ": its supervisor thread failed", error);
        } else if (state == State.STARTED && !finalStop) {
            requestRestart("Receiver " + name + ": its thread '" + t.getName() + "' ended with an exception", error, -1);
        } else {
            LOG.debug("Receiver {}: thread {} ended with an exception while the receiver was {}", name, t.getName(), state, error);
        }
    }

    /** Sets how reports name the stream the receiver feeds (as an output's failures name theirs). */
    void describeStream(java.util.function.Supplier<String> stream) {
        this.stream = stream;
    }

    /** The stream the receiver feeds, as reports name it. */
    private String streamName() {
        java.util.function.Supplier<String> s = stream;
        return s != null ? s.get() : sourceName != null ? sourceName : "receiver " + name;
    }

    /** Returns true unless the receiver is started (it is stopped, restarting, or not yet started). */
    @Override
    public boolean isReceiverStopped() {
        return state != State.STARTED;
    }

    /** Returns true once the supervisor is stopped for good. */
    public boolean isFinallyStopped() {
        return finalStop;
    }

    private boolean cancelled() {
        return finalStop || restartRequested;
    }

    private void checkOpen() {
        if (finalStop) {
            throw new IllegalStateException("receiver " + name + " is stopped; nothing more can be stored");
        }
    }

    /** Buffers one record; it is dropped (counted and reported) if unprocessed input is above the memory budget. */
    @Override
    public void pushSingle(Object record) {
        checkOpen();
        try {
            if (!limiter.acquire(1, this::cancelled)) {
                drop(1);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drop(1);
            return;
        }
        long bytes = SizeEstimator.estimate(record);
        if (!tracker.budget().tryAcquire(bytes)) {
            drop(1);
            return;
        }
        blocks.add(record, bytes);
        records.incrementAndGet();
    }

    private void drop(long n) {
        dropped.addAndGet(n);
        droppedUnreported.addAndGet(n);
    }

    /**
     * Stores {@code data} as one block (in the write-ahead log when there is one) and returns when
     * it is stored; waits while unprocessed input is above the memory budget and for the rate limit.
     *
     * @throws IllegalStateException if the receiver stopped or is restarting before the data was stored
     * @throws UncheckedIOException if the write-ahead log failed
     */
    @Override
    public void pushMultiple(List<?> data, Serializable position) {
        checkOpen();
        blocks.cut();
        if (data.isEmpty() && position == null) {
            return;
        }
        long bytes = 0;
        for (Object o : data) {
            bytes += SizeEstimator.estimate(o);
        }
        try {
            if (!limiter.acquire(data.size(), this::cancelled) || !tracker.budget().acquire(bytes, this::cancelled)) {
                throw new IllegalStateException("receiver " + name + " stopped before " + data.size() + " records could be stored");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted before " + data.size() + " records could be stored", e);
        }
        try {
            tracker.blockTracker().addBlock(streamKey, data, bytes, position);
        } catch (IOException e) {
            tracker.budget().release(bytes);
            throw new UncheckedIOException("could not write " + data.size() + " records of receiver " + name
                    + " to the write-ahead log: " + e.getMessage(), e);
        }
        records.addAndGet(data.size());
        rampStep(bytes, data.size());
    }

    private void storeBlock(List<Object> data, long bytes) throws IOException {
        try {
            tracker.blockTracker().addBlock(streamKey, data, bytes, null);
        } catch (IOException | RuntimeException e) {
            tracker.budget().release(bytes);
            throw e;
        }
        rampStep(bytes, data.size());
    }

    /**
     * After each block: before backpressure's first estimate, doubles the startup rate, but never
     * past the rate at which one block interval would fill half of what is left of the lower half
     * of the memory budget (at least {@link #MIN_STARTUP_RATE}), so a flood waits at its source
     * instead of being dropped while the first batches are slow. After it, the same memory bound
     * caps the estimate: a batch's processing speed says nothing about how much unprocessed input
     * the heap holds, and an estimate far above the budget would let {@code store(T)} drop.
     */
    private void rampStep(long bytes, int n) {
        long current = startupRate;
        if (current <= 0 && estimatedRate <= 0) {
            return;
        }
        if (n > 0) {
            bytesPerRecord = Math.max(1, bytes / (double) n);
        }
        MemoryBudget budget = tracker.budget();
        double headroom = budget.limit() / 2.0 - budget.used();
        double seconds = Math.max(1, tracker.blockIntervalMicros()) / 1e6;
        long byMemory = headroom <= 0 ? MIN_STARTUP_RATE : (long) (headroom / 2 / bytesPerRecord / seconds);
        if (estimatedRate > 0) {
            long cap = Math.max(MIN_STARTUP_RATE, byMemory);
            if (cap != memoryCap) {
                memoryCap = cap;
                applyRate();
            }
            return;
        }
        long next = Math.max(MIN_STARTUP_RATE, Math.min(current > Long.MAX_VALUE / 2 ? current : current * 2, byMemory));
        if (next != current) {
            startupRate = next;
            applyRate();
        }
    }

    /** The lowest rate the startup ramp goes down to. */
    static final long MIN_STARTUP_RATE = 100;

    /** Starts backpressure's startup ramp at {@code recordsPerSecond} (0: no ramp); it ends at the first estimate. */
    public void startRamp(long recordsPerSecond) {
        startupRate = recordsPerSecond;
        applyRate();
    }

    /** Returns the position stored with the receiver's latest block (recovered after a restart), or null. */
    @Override
    public Serializable lastStoredPosition() {
        return streamKey == null ? null : tracker.blockTracker().position(streamKey);
    }

    /**
     * At the boundary of batch {@code time} (job generator thread): cuts buffered records into a
     * block, updates the measured rate and reports records dropped since the last boundary.
     */
    public void flush(long time) {
        blocks.cut();
        long now = records.get();
        if (lastFlushTime != Long.MIN_VALUE && time > lastFlushTime) {
            ratePerSecond = (now - recordsAtLastFlush) * 1e6 / (time - lastFlushTime);   // batch times are microseconds
        }
        recordsAtLastFlush = now;
        lastFlushTime = time;
        long d = droppedUnreported.getAndSet(0);
        if (d > 0) {
            reportError("Receiver " + name + " dropped " + d + " records (" + dropped.get() + " in all) because unprocessed input"
                    + " is above the memory budget of " + tracker.budget().limit() + " bytes; lower its rate, enable backpressure,"
                    + " raise maxUnprocessedBytes, or store with store(List) to wait instead of dropping", null);
        }
    }

    /** Sets the receiver's own maximum rate (0 or less: unlimited). */
    public void setMaxRate(long recordsPerSecond) {
        maxRate = recordsPerSecond;
        applyRate();
    }

    /** Returns the receiver's own maximum rate (0 or less: unlimited). */
    public long maxRate() {
        return maxRate;
    }

    /** Sets the rate estimated by backpressure (0 or less: none). */
    public void setEstimatedRate(long recordsPerSecond) {
        estimatedRate = recordsPerSecond;
        applyRate();
    }

    private void applyRate() {
        long m = maxRate;
        long est = estimatedRate;
        long cap = memoryCap;
        long e = est > 0 ? (cap > 0 ? Math.min(est, cap) : est) : startupRate;
        long effective = m > 0 && e > 0 ? Math.min(m, e) : Math.max(m, e);
        limiter.setRate(effective);
    }

    /** Returns the rate limit in force (0 or less: unlimited). */
    public long rateLimit() {
        return limiter.rate();
    }

    /** Returns the number of records stored. */
    public long records() {
        return records.get();
    }

    /** Returns the number of records dropped because of the memory budget. */
    public long dropped() {
        return dropped.get();
    }

    /** Returns the receiver's status. */
    public ReceiverInfo info() {
        return new ReceiverInfo(streamId, name, state == State.STARTED, Optional.ofNullable(lastError), records.get(),
                ratePerSecond, dropped.get(), limiter.rate());
    }

    /**
     * Stops the receiver for good (idempotent): its onStop runs, waiting stores give up, and
     * records still buffered become a last block.
     */
    public void stop() {
        Thread t;
        synchronized (this) {
            if (finalStop) {
                t = thread;
            } else {
                finalStop = true;
                t = thread;
            }
        }
        synchronized (signal) {
            signal.notifyAll();
        }
        limiter.wakeAll();
        tracker.budget().wakeAll();
        if (t != null && t != Thread.currentThread()) {
            if (state == State.RESTARTING) {
                t.interrupt();
            }
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOG.warn("Receiver {} did not stop within 10 s", name);
                t.interrupt();
            }
        }
        blocks.stop();
    }
}
