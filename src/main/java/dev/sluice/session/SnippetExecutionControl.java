package dev.sluice.session;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs snippets in this JVM on a thread of their own, one after another, and keeps the live object
 * each one returns.
 *
 * <p>JShell's own local execution joins every thread in the snippet's thread group and stops the whole
 * group on interrupt, which would wait for (and then kill) engine threads that a snippet happened to
 * start, such as the ones {@code ssc.start()} creates. This control waits for, and stops, only the
 * snippet itself; threads it started live on. The snippet thread is kept from one snippet to the next
 * (as the JDK's jshell runs every snippet on one thread), and made anew only after it had to be
 * stopped.
 *
 * <p>Threading: {@link #invoke(Method)} runs on the evaluating thread and blocks until the snippet
 * has ended; {@link #stop()} may be called from any thread.
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
    /** The snippet running now (its thread included), or null; guarded by {@link #lock}. */
    private Run runningRun;
    /** The thread that runs snippets (see {@link #worker}); guarded by {@link #lock}. */
    private Thread workerThread;
    private boolean workerRetired;
    private boolean closed;
    /** The snippet handed to the snippet thread and not yet taken by it. */
    private final AtomicReference<Run> pending = new AtomicReference<>();
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
            return runningRun != null;
        }
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        Run run;
        synchronized (lock) {
            run = new Run(doit, worker());
            runningRun = run;
            invoked = true;
        }
        try {
            pending.set(run);
            LockSupport.unpark(run.thread);
            awaitUninterruptibly(run);
        } finally {
            synchronized (lock) {
                runningRun = null;
            }
            SnippetStops.clear(run.thread);
        }
        boolean stopped = stopRequested;
        synchronized (lock) {
            lastValue = run.value;
            lastFailure = run.failure;
            lastStopped = stopped;
        }
        if (stopped) {
            throw new StoppedException();
        }
        if (run.failure != null) {
            throw new InvocationTargetException(run.failure);
        }
        return valueString(run.value);
    }

    /**
     * The thread that runs snippets, started with the first one and kept for the next: with a new
     * thread per snippet, a kernel spent about 2 ms more of the process's CPU on a trivial cell, and
     * its round trip took about 5% longer. A new one is made only after a snippet's thread had to be
     * stopped, or if the thread ended some other way. The caller holds {@link #lock}.
     */
    private Thread worker() {
        Thread t = workerThread;
        if (t != null && t.isAlive() && !workerRetired) {
            return t;
        }
        workerRetired = false;
        t = new Thread(group, this::serve, "sluice-snippet-" + THREADS.incrementAndGet());
        t.setContextClassLoader(loader);
        t.setDaemon(true);
        workerThread = t;
        t.start();
        return t;
    }

    /**
     * The snippet thread's loop: waits for the next snippet, runs it, says it is done. It ends when
     * the control is closed, or after a snippet whose thread was stopped (a new thread takes over).
     */
    private void serve() {
        Thread self = Thread.currentThread();
        while (true) {
            synchronized (lock) {
                if (closed || workerThread != self || workerRetired) {
                    return;
                }
            }
            Run run = pending.getAndSet(null);
            if (run == null) {
                LockSupport.park(this);
                // an interrupt while idle was aimed at a snippet that has ended; left set, it would
                // make every later park return at once and this thread spin
                Thread.interrupted();
                continue;
            }
            Thread.interrupted();   // whatever reached the thread before this snippet started is not for it
            run.started.countDown();
            try {
                threadSetup.run();
                run.value = run.doit.invoke(null);
            } catch (InvocationTargetException e) {
                run.failure = e.getCause();
            } catch (Throwable e) {
                run.failure = e;
            } finally {
                Thread.interrupted();   // an interrupt aimed at this snippet must not reach the next
                self.setContextClassLoader(loader);   // a snippet may have set another one
                run.done.countDown();
            }
        }
    }

    /** One snippet's run: the thread it runs on, what it returned or threw, and when it started and ended. */
    private static final class Run {
        final Method doit;
        final Thread thread;
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);
        volatile Object value;
        volatile Throwable failure;

        Run(Method doit, Thread thread) {
            this.doit = doit;
            this.thread = thread;
        }
    }

    /** Ends the snippet thread once it is idle; JShell calls this when it closes. */
    @Override
    public void close() {
        Thread t;
        synchronized (lock) {
            closed = true;
            t = workerThread;
        }
        if (t != null) {
            LockSupport.unpark(t);
        }
        super.close();
    }

    /** Waits until {@code run} is done (or its thread ended without saying so: a stop can do that). */
    private void awaitUninterruptibly(Run run) {
        boolean interrupted = false;
        while (true) {
            try {
                if (run.done.await(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS) || !run.thread.isAlive()) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
                requestStop(run);
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
        Run run;
        synchronized (lock) {
            run = runningRun;
        }
        if (run != null) {
            // An interrupt sent before the snippet has started would be lost: wait for it to start.
            try {
                run.started.await(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            requestStop(run);
        }
    }

    @SuppressWarnings({"removal", "deprecation"})
    private void requestStop(Run run) {
        Thread thread = run.thread;
        // Each step is taken under the lock while the snippet is still the one running: the thread
        // runs the next snippet only after invoke() has let go of this one under the same lock, so
        // no step aimed at this snippet reaches the next.
        synchronized (lock) {
            if (runningRun != run) {
                return;
            }
            stopRequested = true;
            thread.interrupt();
        }
        if (endsWithinGrace(run)) {
            return;
        }
        synchronized (lock) {
            if (runningRun != run) {
                return;
            }
            SnippetStops.request(thread);
        }
        if (endsWithinGrace(run) || !threadStopAllowed) {
            return;
        }
        synchronized (lock) {
            if (runningRun != run) {
                return;
            }
            workerRetired = true;   // whatever the stop leaves of it, the next snippet gets a new thread
            try {
                thread.stop();
            } catch (UnsupportedOperationException e) {
                LOG.warn("the snippet is busy in code outside its own classes and this JVM cannot stop "
                        + "threads; it ends when that call returns or checks for interrupts");
            }
        }
    }

    /** Waits up to {@link #STOP_GRACE_MILLIS} for {@code run} to end; returns whether it has. */
    private static boolean endsWithinGrace(Run run) {
        try {
            return run.done.await(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS) || !run.thread.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return run.done.getCount() == 0 || !run.thread.isAlive();
        }
    }
}
