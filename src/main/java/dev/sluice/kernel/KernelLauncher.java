package dev.sluice.kernel;

import dev.sluice.repl.ShellOptions;
import dev.sluice.session.SessionOptions;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the kernel's command line: {@code --kernel <connection-file> [session options]} serves a
 * Jupyter client; {@code --install-kernel [--user|--sys-prefix|--prefix DIR]} writes the kernelspec.
 */
public final class KernelLauncher {
    private KernelLauncher() {
    }

    /** Runs the kernel command in {@code args}; returns the process exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (args[0].equals("--install-kernel")) {
            return KernelSpecInstaller.run(rest, out, err);
        }
        if (rest.isEmpty()) {
            err.println("sluice: --kernel needs the connection file Jupyter passes ({connection_file})");
            return 2;
        }
        Path connectionFile = Path.of(rest.get(0));
        if (!Files.isReadable(connectionFile)) {
            err.println("sluice: cannot read the connection file " + connectionFile);
            return 2;
        }
        SessionOptions options;
        try {
            options = ShellOptions.parse(rest.subList(1, rest.size()).toArray(String[]::new)).session();
        } catch (IllegalArgumentException e) {
            err.println("sluice: " + e.getMessage() + " (sluice --help lists the options)");
            return 2;
        }
        // Kernel logs go to the process's stderr (Jupyter's log), never into a cell.
        System.setProperty("org.slf4j.simpleLogger.cacheOutputStream", "true");
        try {
            return KernelServer.run(connectionFile, options);
        } catch (IOException | RuntimeException e) {
            err.println("sluice: the kernel failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }
}
