package dev.sluice.engine.scheduler;

/**
 * Creates the engine's threads in a thread group of their own under the JVM's root group, so that
 * code which stops the threads of the group that created a context (the shell stopping a snippet
 * on Ctrl-C) never stops the engine.
 */
public final class EngineThreads {

    private static final ThreadGroup ROOT = createRoot();

    private EngineThreads() {
    }

    private static ThreadGroup createRoot() {
        ThreadGroup g = Thread.currentThread().getThreadGroup();
        while (g.getParent() != null) {
            g = g.getParent();
        }
        return new ThreadGroup(g, "sluice");
    }

    /** Returns the group every group of the engine's threads is under. */
    public static ThreadGroup root() {
        return ROOT;
    }

    /** Returns a new group for one context's workers. */
    public static ThreadGroup newGroup(String name) {
        return new ThreadGroup(ROOT, name);
    }

    /** Returns a new, unstarted daemon thread in the engine's group. */
    public static Thread newThread(Runnable body, String name) {
        return newThread(ROOT, body, name);
    }

    /** Returns a new, unstarted daemon thread in {@code group}. */
    public static Thread newThread(ThreadGroup group, Runnable body, String name) {
        Thread t = new Thread(group, body, name);
        t.setDaemon(true);
        t.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        return t;
    }
}
