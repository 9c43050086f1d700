package dev.sluice.kernel;

import dev.sluice.repl.ShellOptions;
import dev.sluice.session.SessionOptions;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Reads the kernel's command line: {@code --kernel <connection-file> [--max-message-size SIZE]
 * [session options]} serves a Jupyter client (messages larger than SIZE, default 32m, are refused); {@code --install-kernel [--user|--sys-prefix|--prefix DIR]} writes the kernelspec.
 */
public final class KernelLauncher {
    /** The kernel option that sets the largest Jupyter message accepted (default 32m). */
    static final String MAX_MESSAGE_SIZE = "--max-message-size";

    private KernelLauncher() {
    }

    /** Reads a size such as {@code 1048576}, {@code 512k}, {@code 64m} or {@code 1g} (powers of 1024). */
    static long parseSize(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        long unit = 1;
        if (t.endsWith("k") || t.endsWith("m") || t.endsWith("g")) {
            unit = switch (t.charAt(t.length() - 1)) {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                default -> 1L << 30;
            };
            t = t.substring(0, t.length() - 1);
        }
        try {
            long n = Long.parseLong(t);
            if (n > 0 && n <= Long.MAX_VALUE / unit) return n * unit;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(MAX_MESSAGE_SIZE + " expects a positive size such as 1048576, 512k or 64m, got '" + text + "'");
    }

    /** The environment variable that sets the master of a kernel started with {@code --master} (the Spark kernelspec). */
    static final String MASTER_VARIABLE = "SLUICE_MASTER";
    /** The environment variable with more {@code key=value} runner entries for such a kernel, separated by spaces or new lines. */
    static final String CONF_VARIABLE = "SLUICE_CONF";

    /**
     * The kernel's session options with SLUICE_MASTER and SLUICE_CONF applied: for a kernel started
     * with {@code --master} (the Spark kernelspec), SLUICE_MASTER, when set, replaces that master,
     * and each entry of SLUICE_CONF is added as {@code --conf key=value} (after the spec's, so it
     * wins). Entries are separated by new lines when there are any, else by spaces. A kernel
     * started without {@code --master} (the plain kernelspec) ignores both.
     */
    static List<String> withMasterFromEnvironment(List<String> args, java.util.Map<String, String> env) {
        int at = args.indexOf("--master");
        if (at < 0 || at + 1 >= args.size()) {
            return args;
        }
        List<String> out = new ArrayList<>(args);
        String master = env.get(MASTER_VARIABLE);
        if (master != null && !master.isBlank()) {
            out.set(at + 1, master.strip());
        }
        String conf = env.get(CONF_VARIABLE);
        if (conf != null && !conf.isBlank()) {
            for (String entry : conf.strip().split(conf.contains("\n") ? "\\s*\n\\s*" : "\\s+")) {
                if (entry.indexOf('=') <= 0) {
                    throw new IllegalArgumentException(CONF_VARIABLE + " expects key=value entries separated by spaces or new lines, got '"
                            + entry + "'");
                }
                out.add("--conf");
                out.add(entry);
            }
        }
        return out;
    }

    /** Runs the kernel command in {@code args}; returns the process exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (args[0].equals("--install-kernel")) {
            return KernelSpecInstaller.run(rest, out, err);
        }
        if (args[0].equals("--kernel-training")) {
            // what the installer runs to write the kernelspec's class-data archive
            System.setProperty("org.slf4j.simpleLogger.cacheOutputStream", "true");
            return KernelTraining.run(out, err);
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
        long maxMessageBytes = WireReader.DEFAULT_MAX_MESSAGE_BYTES;
        try {
            List<String> sessionArgs = new ArrayList<>(rest.subList(1, rest.size()));
            int at = sessionArgs.indexOf(MAX_MESSAGE_SIZE);
            if (at >= 0) {
                if (at + 1 >= sessionArgs.size()) throw new IllegalArgumentException(MAX_MESSAGE_SIZE + " needs a size, such as 64m");
                maxMessageBytes = parseSize(sessionArgs.get(at + 1));
                sessionArgs.subList(at, at + 2).clear();
            }
            options = ShellOptions.parse(withMasterFromEnvironment(sessionArgs, System.getenv()).toArray(String[]::new)).session();
        } catch (IllegalArgumentException e) {
            err.println("sluice: " + e.getMessage() + " (sluice --help lists the options)");
            return 2;
        }
        // Kernel logs go to the process's stderr (Jupyter's log), never into a cell.
        System.setProperty("org.slf4j.simpleLogger.cacheOutputStream", "true");
        try {
            return KernelServer.run(connectionFile, options, maxMessageBytes);
        } catch (IllegalArgumentException e) {
            // what the shell says too: a --dependency that does not exist, a --classpath entry that is missing
            err.println("sluice: the kernel cannot start: " + e.getMessage());
            LoggerFactory.getLogger(KernelLauncher.class).debug("kernel start failed", e);
            return 1;
        } catch (IOException | RuntimeException e) {
            err.println("sluice: the kernel failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }
}
