package dev.sluice.repl;

import dev.sluice.streaming.Console;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The shell's console: output of streams and snippets, printed line by line through a sink that the
 * interactive shell points above its prompt.
 */
public final class TerminalConsole implements Console {

    private volatile Consumer<String> sink;
    private final PrintStream out;
    private final PrintStream err;

    /** A console printing lines to {@code sink} until {@link #redirect} changes it. */
    public TerminalConsole(Consumer<String> sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.out = new PrintStream(new AbovePromptPrinter(line -> this.sink.accept(line)), true, StandardCharsets.UTF_8);
        this.err = new PrintStream(new AbovePromptPrinter(line -> this.sink.accept(line)), true, StandardCharsets.UTF_8);
    }

    /** Sends later lines to {@code sink}. */
    public void redirect(Consumer<String> sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    @Override
    public PrintStream out() {
        return out;
    }

    @Override
    public PrintStream err() {
        return err;
    }
}
