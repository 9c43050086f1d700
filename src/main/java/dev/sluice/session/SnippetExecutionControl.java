package dev.sluice.session;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs snippets in this JVM, each on a thread of its own, and keeps the live object each one returns.
 *
 * <p>JShell's own local execution joins every thread in the snippet's thread group and stops the whole
 * group on interrupt, which would wait for (and then kill) engine threads that a snippet happened to
 * start, such as the ones {@code ssc.start()} creates. This control waits for, and stops, only the
 * snippet's own thread; threads it started live on.
 *
 * <p>Threading: {@link #invoke(Method)} runs on the evaluating thread and blocks until the snippet
 * thread ends; {@link #stop()} may be called from any thread.
 */
final class SnippetExecutionControl extends DirectExecutionControl {

    private static final Logger LOG = LoggerFactory.getLogger(SnippetExecutionControl.class);

    /**
     * How long an interrupted snippet may take to end on its own before its code is made to throw
     * (see {@link SnippetStops}), and again before its thread is stopped where the JVM still can.
     */
    static final long STOP_GRACE_MILLIS = 300;

    /** Whether the last resort, {@code Thread.stop}, may be tried; tests turn it off. */
    static volatile boolean threadStopAllowed = true;

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final SnippetClassLoader loader;
    private final ThreadGroup group;
    private final Object lock = new Object();
    private Thread running;
    private CountDownLatch runningStarted;
    private volatile boolean stopRequested;

    private boolean invoked;
    private Object lastValue;
    private Throwable lastFailure;
    private boolean lastStopped;
    private java.lang.reflect.Field lastVarField;

    private final Runnable threadSetup;

    /**
     * @param threadSetup runs first on every snippet thread (e.g. to route its output)
     */
    /** The loader that defines the snippets' classes. */
    SnippetClassLoader loader() {
        return loader;
    }

    SnippetExecutionControl(SnippetClassLoader loader, Runnable threadSetup) {
        super(loader);
        this.loader = loader;
        this.threadSetup = threadSetup;
        this.group = new ThreadGroup("sluice-snippets");
    }

    /** A provider handing JShell this control. */
    ExecutionControlProvider provider() {
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "sluice";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return SnippetExecutionControl.this;
            }
        };
    }

    /** Forgets the outcome of the previous invocation; called before each snippet is evaluated. */
    void resetOutcome() {
        synchronized (lock) {
            invoked = false;
            lastValue = null;
            lastFailure = null;
            lastStopped = false;
            stopRequested = false;
        }
    }

    boolean invoked() {
        synchronized (lock) {
            return invoked;
        }
    }

    Object lastValue() {
        synchronized (lock) {
            return lastValue;
        }
    }

    Throwable lastFailure() {
        synchronized (lock) {
            return lastFailure;
        }
    }

    boolean lastStopped() {
        synchronized (lock) {
            return lastStopped;
        }
    }

    /** The static field the last {@link #varValue} read (accessible), or null if it could not read one. */
    java.lang.reflect.Field lastVarField() {
        synchronized (lock) {
            return lastVarField;
        }
    }

    /** A value as JShell shows it ({@code "abc"} quoted, arrays listed). */
    static String display(Object value) {
        return valueString(value);
    }

    /** Reads a variable's value as JShell does, keeping the field it read for {@link #lastVarField()}. */
    @Override
    public String varValue(String className, String varName) throws RunException, EngineTerminationException, InternalException {
        java.lang.reflect.Field field;
        Object value;
        try {
            field = findClass(className).getField(varName);
            field.setAccessible(true);   // the wrapper class is not public
            value = field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            synchronized (lock) {
                lastVarField = null;
            }
            return super.varValue(className, varName);   // reports the failure as JShell's own control does
        }
        synchronized (lock) {
            lastVarField = field;
        }
        return valueString(value);
    }

    boolean isRunning() {
        synchronized (lock) {
            return running != null;
        }
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        Object[] value = new Object[1];
        Throwable[] failure = new Throwable[1];
        CountDownLatch started = new CountDownLatch(1);
        Thread thread = new Thread(group, () -> {
            started.countDown();
            try {
                threadSetup.run();
                value[0] = doit.invoke(null);
            } catch (InvocationTargetException e) {
                failure[0] = e.getCause();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "sluice-snippet-" + THREADS.incrementAndGet());
        thread.setContextClassLoader(loader);
        thread.setDaemon(true);
        synchronized (lock) {
            running = thread;
            runningStarted = started;
            invoked = true;
        }
        try {
            thread.start();
            joinUninterruptibly(thread);
        } finally {
            synchronized (lock) {
                running = null;
            }
            SnippetStops.clear(thread);
        }
        boolean stopped = stopRequested;
        synchronized (lock) {
            lastValue = value[0];
            lastFailure = failure[0];
            lastStopped = stopped;
        }
        if (stopped) {
            throw new StoppedException();
        }
        if (failure[0] != null) {
            throw new InvocationTargetException(failure[0]);
        }
        return valueString(value[0]);
    }

    private void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                requestStop(thread);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Interrupts the running snippet's thread; if it does not end within a short grace, makes the
     * snippet's own code throw at its next jump or method entry, and as a last resort stops the
     * thread where the JVM still supports that.
     */
    @Override
    public void stop() {
        Thread thread;
        CountDownLatch started;
        synchronized (lock) {
            thread = running;
            started = runningStarted;
        }
        if (thread != null) {
            // An interrupt sent before the thread has started would be lost: wait for it to start.
            try {
                started.await(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            requestStop(thread);
        }
    }

    @SuppressWarnings({"removal", "deprecation"})
    private void requestStop(Thread thread) {
        stopRequested = true;
        thread.interrupt();
        if (endsWithinGrace(thread)) {
            return;
        }
        SnippetStops.request(thread);
        if (endsWithinGrace(thread)) {
            return;
        }
        if (threadStopAllowed) {
            try {
                thread.stop();
            } catch (UnsupportedOperationException e) {
                LOG.warn("the snippet is busy in code outside its own classes and this JVM cannot stop "
                        + "threads; it ends when that call returns or checks for interrupts");
            }
        }
    }

    /** Waits up to {@link #STOP_GRACE_MILLIS} for {@code thread} to end; returns whether it has. */
    private static boolean endsWithinGrace(Thread thread) {
        try {
            thread.join(STOP_GRACE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }
}
