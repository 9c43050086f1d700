package dev.sluice;

import dev.sluice.engine.durability.WalInspector;
import dev.sluice.kernel.KernelLauncher;
import dev.sluice.repl.ShellLauncher;

/**
 * The program entry point: picks the front end from the command line and exits with its status.
 *
 * <p>Without a front-end option, it starts the shell ({@link ShellLauncher}): interactive on a
 * terminal, or running a script file or piped input.
 */
public final class Main {

    private Main() {
    }

    /** Runs Sluice; see {@code sluice --help}. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Dispatches to a front end and returns the exit status. */
    static int run(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        // With the Spark runner: Hadoop's one warning at every start that it uses its Java code
        // instead of a native library says nothing a user can act on.
        if (System.getProperty("org.slf4j.simpleLogger.log.org.apache.hadoop.util.NativeCodeLoader") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.hadoop.util.NativeCodeLoader", "error");
        }
        // ---- Jupyter kernel front end -------------------------------------------------------
        // `--kernel <connection-file>` (run as a Jupyter kernel) and `--install-kernel [...]`
        // (write the kernelspec) are dispatched here, before the shell's options are read.
        if (args.length > 0 && (args[0].equals("--kernel") || args[0].equals("--install-kernel")
                || args[0].equals("--kernel-training"))) {
            return KernelLauncher.run(args, System.out, System.err);
        }
        // ---------------------------------------------------------------------------------------
        if (args.length > 0 && args[0].equals("--inspect-wal")) {
            return WalInspector.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out, System.err);
        }
        return ShellLauncher.run(args, System.in, System.out, System.err);
    }
}
