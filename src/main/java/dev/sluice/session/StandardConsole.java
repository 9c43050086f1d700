package dev.sluice.session;

import dev.sluice.streaming.Console;
import java.io.PrintStream;

/** The process's standard output and error, as they were before the session routed them. */
final class StandardConsole implements Console {

    private static final StandardConsole INSTANCE = new StandardConsole();

    static Console instance() {
        return INSTANCE;
    }

    @Override
    public PrintStream out() {
        return OutputRouter.originalOut();
    }

    @Override
    public PrintStream err() {
        return OutputRouter.originalErr();
    }
}
