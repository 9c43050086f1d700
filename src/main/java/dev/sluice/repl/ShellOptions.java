package dev.sluice.repl;

import dev.sluice.session.SessionOptions;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The shell's command line: session options, an optional script file, and {@code --help}.
 *
 * @param session the options the session is opened with
 * @param script  a script to run instead of the interactive shell
 * @param help    whether to print the usage and exit
 */
public record ShellOptions(SessionOptions session, Optional<Path> script, boolean help) {

    /** The usage text of the shell's options. */
    public static final String USAGE = String.join("\n",
            "usage: sluice [options] [script-file]",
            "",
            "Starts the Sluice shell: Java snippets against a live StreamingContext named ssc.",
            "With a script file or piped input, runs it without a prompt and exits non-zero if a snippet fails.",
            "",
            "options:",
            "  --batch <duration>     batch interval, e.g. 500ms, 1s, 2m, 500us (default 1s)",
            "  --parallelism <n>      tasks run at once (default: the number of cores)",
            "  --checkpoint <dir>     keep checkpoints and a write-ahead log in <dir> for recovery",
            "  --manual-clock         step mode: time moves only with :step [n]",
            "  --remember <duration>  how long sources keep past batches for windows attached later (default 60s)",
            "  --master <url>         where streams run: embedded (the default, this JVM) or a Spark master URL",
            "                         (local[n], local[*], spark://host:7077), which runs on the Spark runner:",
            "                         launcher/sluice builds it (spark/) when needed and puts it on the class path",
            "  --conf <key>=<value>   a configuration entry for the runner, as spark-submit --conf (repeatable)",
            "  --dependency <g:a:v>   add a Maven library and its dependencies (from ~/.m2 and Maven Central); repeatable",
            "  --classpath <path>     add a jar, a folder of classes or a glob such as lib/*.jar; repeatable",
            "  --repository <url>     resolve --dependency and :dependency from this Maven repository instead of Maven Central",
            "                         (file: URLs work); repeatable",
            "  --help                 show this help",
            "",
            "tools:",
            "  --inspect-wal <dir>    list what a checkpoint directory holds: log segments, records, damage, checkpoints",
            "",
            "environment: SLUICE_CLASSPATH adds class path entries (a runner's jars for --master),",
            "SLUICE_JAVA_OPTS adds JVM options.",
            "",
            "Jupyter kernel:",
            "  --install-kernel [--user|--sys-prefix|--prefix <dir>] [--master <url>] [--conf <key>=<value>]",
            "                         install the \"Sluice (Java)\" kernelspec (default --user) for Jupyter, and",
            "                         \"Sluice (Java) on Spark\" when the Spark runner is built (--master builds it;",
            "                         default local[2]; SLUICE_MASTER and SLUICE_CONF override it at kernel start)",
            "  --kernel <connection-file> [options]",
            "                         run as a Jupyter kernel (Jupyter starts this itself)");

    /**
     * Reads the arguments.
     *
     * @throws IllegalArgumentException with a one-line message for unknown options or bad values
     */
    public static ShellOptions parse(String... args) {
        SessionOptions.Builder session = SessionOptions.builder();
        Path script = null;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> help = true;
                case "--manual-clock" -> session.manualClock(true);
                case "--batch" -> session.batchInterval(Durations.parse(value(args, ++i, a)));
                case "--remember" -> session.remember(Durations.parse(value(args, ++i, a)));
                case "--checkpoint" -> session.checkpointDir(Path.of(value(args, ++i, a)));
                case "--master" -> session.master(value(args, ++i, a));
                case "--conf" -> {
                    String v = value(args, ++i, a);
                    int eq = v.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--conf expects key=value, got '" + v + "'");
                    }
                    session.conf(v.substring(0, eq), v.substring(eq + 1));
                }
                case "--dependency" -> session.dependency(value(args, ++i, a));
                case "--classpath" -> session.classpath(value(args, ++i, a));
                case "--repository" -> session.repository(value(args, ++i, a));
                case "--parallelism" -> {
                    String v = value(args, ++i, a);
                    try {
                        session.parallelism(Integer.parseInt(v));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--parallelism expects a whole number, got '" + v + "'");
                    }
                }
                default -> {
                    if (a.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + a);
                    }
                    if (script != null) {
                        throw new IllegalArgumentException("only one script file can be given, got " + script + " and " + a);
                    }
                    script = Path.of(a);
                }
            }
        }
        return new ShellOptions(session.build(), Optional.ofNullable(script), help);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
