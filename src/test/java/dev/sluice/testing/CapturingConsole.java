package dev.sluice.testing;

import dev.sluice.streaming.Console;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A console that keeps everything printed to it, for assertions. */
public final class CapturingConsole implements Console {

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @Override
    public PrintStream out() {
        return out;
    }

    @Override
    public PrintStream err() {
        return err;
    }

    /** Everything printed to out so far. */
    public String outText() {
        synchronized (out) {
            return outBytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** Everything printed to err so far. */
    public String errText() {
        synchronized (err) {
            return errBytes.toString(StandardCharsets.UTF_8);
        }
    }
}
