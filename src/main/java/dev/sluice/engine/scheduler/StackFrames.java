package dev.sluice.engine.scheduler;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Writes a stack trace for a person who wrote the code that threw, not the engine: the frames of
 * the user's code as they are, each run of the engine's own frames (and the thread pool under them)
 * folded into one {@code ... N frames in the engine} line, causes after it.
 */
public final class StackFrames {

    /** How many causes are followed at most (a cycle of causes ends here too). */
    private static final int MAX_CAUSES = 10;

    private StackFrames() {
    }

    /**
     * {@code error}, thrown in a job of the engine, and its causes, each frame written by
     * {@code frame}; every frame of Sluice's own packages is folded, as the engine called the user's
     * code through them.
     */
    public static String folded(Throwable error, Function<StackTraceElement, String> frame) {
        return folded(error, frame, f -> false, true);
    }

    /**
     * {@code error} and its causes, each frame written by {@code frame}; the frames from the first
     * one {@code callSite} accepts on (where the user's code was called from) are left out.
     */
    public static String folded(Throwable error, Function<StackTraceElement, String> frame,
                                Predicate<StackTraceElement> callSite) {
        return folded(error, frame, callSite, false);
    }

    private static String folded(Throwable error, Function<StackTraceElement, String> frame,
                                 Predicate<StackTraceElement> callSite, boolean inJob) {
        StringBuilder out = new StringBuilder();
        Throwable current = error;
        for (int depth = 0; current != null && depth < MAX_CAUSES; depth++) {
            out.append(depth == 0 ? "" : "\nCaused by: ").append(current);
            int engineFrames = 0;
            StackTraceElement[] trace = current.getStackTrace();
            for (int i = 0; i < trace.length; i++) {
                StackTraceElement f = trace[i];
                if (callSite.test(f)) {
                    break;
                }
                if (isEngine(f, inJob) || calledByEngine(trace, i, inJob)) {
                    engineFrames++;
                    continue;
                }
                appendEngineFrames(out, engineFrames);
                engineFrames = 0;
                out.append("\n\tat ").append(frame.apply(f));
            }
            appendEngineFrames(out, engineFrames);
            current = current.getCause() == current ? null : current.getCause();
        }
        return out.toString();
    }

    /**
     * Whether frame {@code i} is the JDK's and the code that called it the engine's, as an iterator
     * the engine drives: such frames are the engine's work too. The JDK's frames under the user's
     * code (a {@code substring} that threw) stay.
     */
    private static boolean calledByEngine(StackTraceElement[] trace, int i, boolean inJob) {
        for (int j = i; j < trace.length; j++) {
            String cls = trace[j].getClassName();
            if (!(cls.startsWith("java.") || cls.startsWith("jdk.") || cls.startsWith("sun."))) {
                return j > i && isEngine(trace[j], inJob);
            }
        }
        return false;
    }

    /**
     * Whether the frame is the engine's (or the threads it runs on) rather than the user's code; in
     * a job, the public API's frames are the engine's too (in a snippet they are where it called in).
     */
    private static boolean isEngine(StackTraceElement f, boolean inJob) {
        String cls = f.getClassName();
        if (cls.startsWith("dev.sluice.streaming.") && !inJob) {
            // the API's own methods are where the user called in (ssc.start()); the lambdas and inner
            // classes behind them are how the engine calls back into the user's functions
            return f.getMethodName().startsWith("lambda$") || cls.indexOf('$') > 0;
        }
        return cls.startsWith("dev.sluice.engine.") || cls.startsWith("dev.sluice.sources.")
                || cls.startsWith("dev.sluice.streaming.")
                || cls.startsWith("java.util.concurrent.") || cls.equals("java.lang.Thread");
    }

    private static void appendEngineFrames(StringBuilder out, int n) {
        if (n > 0) {
            out.append("\n\t... ").append(n).append(n == 1 ? " frame" : " frames").append(" in the engine");
        }
    }
}
