package dev.sluice.session;

import dev.sluice.streaming.Console;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sends {@code System.out} and {@code System.err} to the right place: while an output's job runs on
 * an engine thread, to that output's console; on a snippet's thread, to its session's console; anywhere
 * else, to the streams that were in place when the router was installed.
 *
 * <p>Installed once per JVM by the first session; sessions only bind their snippet threads.
 */
final class OutputRouter {

    private static final ThreadLocal<Supplier<Console>> SNIPPET_CONSOLE = new ThreadLocal<>();
    private static final ThreadLocal<Boolean> ROUTING = ThreadLocal.withInitial(() -> false);
    private static PrintStream originalOut;
    private static PrintStream originalErr;

    private OutputRouter() {
    }

    /** Replaces {@code System.out}/{@code System.err} with routing streams, once. */
    static synchronized void install() {
        if (originalOut != null) {
            return;
        }
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(new Routing(Console::out, originalOut), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Routing(Console::err, originalErr), true, StandardCharsets.UTF_8));
    }

    /** Routes the calling (snippet) thread's output to the console the supplier returns. */
    static void bindCurrentThread(Supplier<Console> console) {
        SNIPPET_CONSOLE.set(console);
    }

    /** The standard output as it was before the router was installed. */
    static synchronized PrintStream originalOut() {
        return originalOut != null ? originalOut : System.out;
    }

    /** The standard error as it was before the router was installed. */
    static synchronized PrintStream originalErr() {
        return originalErr != null ? originalErr : System.err;
    }

    /** Picks the target per write; a console that itself writes to System.out falls back to the original. */
    private static final class Routing extends OutputStream {
        private final Function<Console, PrintStream> stream;
        private final PrintStream fallback;

        Routing(Function<Console, PrintStream> stream, PrintStream fallback) {
            this.stream = stream;
            this.fallback = fallback;
        }

        private PrintStream target() {
            if (ROUTING.get()) {
                return fallback;
            }
            Console console = Console.current().orElse(null);
            if (console == null) {
                Supplier<Console> snippet = SNIPPET_CONSOLE.get();
                console = snippet == null ? null : snippet.get();
            }
            if (console == null) {
                return fallback;
            }
            PrintStream target = stream.apply(console);
            return target == null ? fallback : target;
        }

        @Override
        public void write(int b) {
            PrintStream target = target();
            ROUTING.set(true);
            try {
                target.write(b);
            } finally {
                ROUTING.set(false);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            PrintStream target = target();
            ROUTING.set(true);
            try {
                target.write(b, off, len);
            } finally {
                ROUTING.set(false);
            }
        }

        @Override
        public void flush() {
            PrintStream target = target();
            ROUTING.set(true);
            try {
                target.flush();
            } finally {
                ROUTING.set(false);
            }
        }
    }
}
