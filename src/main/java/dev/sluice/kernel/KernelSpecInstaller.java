package dev.sluice.kernel;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Writes the {@code sluice} kernelspec (from the {@code kernel/kernel.json} template) into a
 * Jupyter data directory, pointing it at this Java runtime and the built jar and its libraries, and,
 * when the Spark runner is built ({@code spark/target}), the {@code sluice-spark} kernelspec
 * "Sluice (Java) on Spark" (master {@code local[2]} unless {@code --master} is given; {@code --conf}
 * entries go to it too; SLUICE_MASTER and SLUICE_CONF override both when the kernel starts).
 *
 * <p>Usage: {@code --install-kernel [--user | --sys-prefix | --prefix DIR]}; {@code --user} is the
 * default. The spec goes to {@code <data dir>/kernels/sluice/kernel.json}, where the data dir is
 * {@code ~/.local/share/jupyter} for {@code --user}, and {@code <prefix>/share/jupyter} otherwise.
 */
public final class KernelSpecInstaller {
    /** The kernel name clients select ({@code jupyter console --kernel sluice}). */
    public static final String KERNEL_NAME = "sluice";

    /** The kernel on the Spark runner ({@code jupyter console --kernel sluice-spark}). */
    public static final String SPARK_KERNEL_NAME = "sluice-spark";

    /** The master of the Spark kernelspec unless {@code --master} is given at install or SLUICE_MASTER at start. */
    static final String DEFAULT_SPARK_MASTER = "local[2]";

    static final String USAGE = "usage: sluice --install-kernel [--user | --sys-prefix | --prefix DIR]"
            + " [--dependency g:a:v] [--classpath path] [--repository url] ... [--manual-clock] [--master url] [--conf key=value ...]";

    /** Options the kernel takes on start that the kernelspec can carry (each with a value). */
    private static final List<String> KERNEL_OPTIONS = List.of("--dependency", "--classpath", "--repository",
            "--batch", "--parallelism", "--remember", "--checkpoint");

    /**
     * Options without a value the kernelspec can carry: {@code --manual-clock} makes {@code ssc} run on
     * a manual clock that cells move ({@code ((ManualClock) ssc.clock()).setTime(...)}), for notebooks
     * whose batches must be the same at every run.
     */
    private static final List<String> KERNEL_FLAGS = List.of("--manual-clock");

    private final Path projectDir;
    private final Path java;
    private final String classpath;

    KernelSpecInstaller(Path projectDir, Path java, String classpath) {
        this.projectDir = projectDir;
        this.java = java;
        this.classpath = classpath;
    }

    /** An installer for the jar this class was loaded from, run by the current Java. */
    public static KernelSpecInstaller forThisRuntime() {
        Path codeSource;
        try {
            codeSource = Path.of(KernelSpecInstaller.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the Sluice jar", e);
        }
        Path target = codeSource.getParent();           // target/sluice.jar or target/classes
        Path project = target.getParent();
        String classpath;
        if (Files.isRegularFile(codeSource)) {
            classpath = codeSource.toAbsolutePath() + File.pathSeparator + target.resolve("lib").toAbsolutePath() + File.separator + "*";
        } else {
            classpath = System.getProperty("java.class.path");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new KernelSpecInstaller(project, java, classpath);
    }

    /** Parses the install options and installs; returns the process exit status. */
    public static int run(List<String> allArgs, PrintStream out, PrintStream err) {
        Path dataDir;
        List<String> args = new ArrayList<>();
        List<String> kernelOptions = new ArrayList<>();
        List<String> sparkOptions = new ArrayList<>();
        String master = DEFAULT_SPARK_MASTER;
        try {
            for (int i = 0; i < allArgs.size(); i++) {
                if (KERNEL_OPTIONS.contains(allArgs.get(i))) {
                    if (i + 1 >= allArgs.size()) throw new IllegalArgumentException(allArgs.get(i) + " needs a value");
                    kernelOptions.add(allArgs.get(i));
                    kernelOptions.add(allArgs.get(++i));
                } else if (KERNEL_FLAGS.contains(allArgs.get(i))) {
                    kernelOptions.add(allArgs.get(i));
                } else if (allArgs.get(i).equals("--master") || allArgs.get(i).equals("--conf")) {
                    // the Spark kernelspec's default master and configuration
                    if (i + 1 >= allArgs.size()) throw new IllegalArgumentException(allArgs.get(i) + " needs a value");
                    String option = allArgs.get(i);
                    String value = allArgs.get(++i);
                    if (option.equals("--master")) {
                        if (value.isBlank() || value.strip().equals("embedded")) {
                            throw new IllegalArgumentException("--master for the Spark kernelspec expects a Spark master URL such as "
                                    + DEFAULT_SPARK_MASTER + " or spark://host:7077, got '" + value + "'");
                        }
                        master = value.strip();
                    } else {
                        if (value.indexOf('=') <= 0) throw new IllegalArgumentException("--conf expects key=value, got '" + value + "'");
                        sparkOptions.add(option);
                        sparkOptions.add(value);
                    }
                } else {
                    args.add(allArgs.get(i));
                }
            }
            dataDir = dataDir(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            KernelSpecInstaller installer = forThisRuntime();
            Path spec = installer.install(dataDir, kernelOptions);
            out.println("Installed the Sluice kernelspec in " + spec.getParent());
            Path sparkSpec = installer.installSpark(dataDir, kernelOptions, master, sparkOptions);
            if (sparkSpec != null) {
                out.println("Installed the Sluice on Spark kernelspec in " + sparkSpec.getParent() + " (master " + master
                        + "; SLUICE_MASTER=spark://host:7077 and SLUICE_CONF='key=value ...' in Jupyter's environment override it)");
            } else {
                out.println("The \"Sluice (Java) on Spark\" kernelspec needs the Spark runner, which is not built: run"
                        + " launcher/sluice --install-kernel --master " + DEFAULT_SPARK_MASTER + " (it builds it), with the same options");
            }
            out.println("Start it with: jupyter notebook  (then choose \"Sluice (Java)\""
                    + (sparkSpec != null ? " or \"Sluice (Java) on Spark\"" : "") + ")"
                    + (args.contains("--prefix") ? "; this prefix needs JUPYTER_PATH=" + dataDir : ""));
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("could not install the kernelspec: " + e.getMessage());
            return 1;
        }
    }

    static Path dataDir(List<String> args) {
        if (args.isEmpty() || args.equals(List.of("--user"))) return userDataDir();
        if (args.equals(List.of("--sys-prefix"))) return Path.of(pythonSysPrefix(), "share", "jupyter");
        if (args.size() == 2 && args.get(0).equals("--prefix")) return Path.of(args.get(1)).toAbsolutePath().resolve("share").resolve("jupyter");
        throw new IllegalArgumentException("unknown install option(s): " + String.join(" ", args));
    }

    private static Path userDataDir() {
        String override = System.getenv("JUPYTER_DATA_DIR");
        if (override != null && !override.isBlank()) return Path.of(override);
        Path home = Path.of(System.getProperty("user.home"));
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac")) return home.resolve("Library/Jupyter");
        String xdg = System.getenv("XDG_DATA_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local/share")).resolve("jupyter");
    }

    private static String pythonSysPrefix() {
        for (String python : List.of("python3", "python")) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import sys; print(sys.prefix)").redirectErrorStream(true).start();
                String prefix = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && !prefix.isEmpty()) return prefix;
            } catch (IOException e) {
                // try the next interpreter name
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalArgumentException("--sys-prefix needs python3 on the PATH to find sys.prefix; use --prefix DIR instead");
    }

    /** Writes {@code <dataDir>/kernels/sluice/kernel.json}; returns its path. */
    Path install(Path dataDir) throws IOException {
        return install(dataDir, List.of());
    }

    /** Installs the kernelspec; {@code kernelOptions} go on the kernel's command line (--dependency g:a:v ...). */
    Path install(Path dataDir, List<String> kernelOptions) throws IOException {
        Path template = projectDir.resolve("kernel").resolve("kernel.json");
        if (!Files.isRegularFile(template)) throw new IOException("kernelspec template " + template + " is missing");
        String spec = Files.readString(template, StandardCharsets.UTF_8)
                .replace("@JAVA@", jsonEscape(java.toString()))
                .replace("@CLASSPATH@", jsonEscape(classpath));
        if (!kernelOptions.isEmpty()) {
            StringBuilder extra = new StringBuilder("\"{connection_file}\"");
            for (String o : kernelOptions) extra.append(", \"").append(jsonEscape(o)).append('"');
            spec = spec.replace("\"{connection_file}\"", extra.toString());
        }
        Path dir = dataDir.resolve("kernels").resolve(KERNEL_NAME);
        Files.createDirectories(dir);
        Path target = dir.resolve("kernel.json");
        Files.writeString(target, spec, StandardCharsets.UTF_8);
        List<Path> extras = new ArrayList<>();
        try (var files = Files.list(template.getParent())) {
            files.filter(f -> f.getFileName().toString().endsWith(".png") || f.getFileName().toString().endsWith(".svg")).forEach(extras::add);
        }
        for (Path extra : extras) Files.copy(extra, dir.resolve(extra.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    /**
     * Writes {@code <dataDir>/kernels/sluice-spark/kernel.json}, the kernel on the Spark runner
     * ("Sluice (Java) on Spark"), when the runner is built ({@code spark/target/sluice-spark.jar},
     * its {@code lib/} and {@code jvm.flags}); returns its path, or null when the runner is not built.
     * The kernel runs with the runner's jars and Spark's JVM flags, {@code --master master} and
     * {@code sparkOptions} ({@code --conf key=value} ...); the environment variables SLUICE_MASTER and
     * SLUICE_CONF, read when the kernel starts, override them ({@link KernelLauncher}).
     */
    Path installSpark(Path dataDir, List<String> kernelOptions, String master, List<String> sparkOptions) throws IOException {
        Path spark = projectDir.resolve("spark").resolve("target");
        Path runnerJar = spark.resolve("sluice-spark.jar");
        Path flagsFile = spark.resolve("jvm.flags");
        if (!Files.isRegularFile(runnerJar) || !Files.isDirectory(spark.resolve("lib")) || !Files.isRegularFile(flagsFile)) {
            return null;
        }
        List<String> argv = new ArrayList<>(List.of(java.toString(), "-XX:+UseSerialGC", "-Xms32m",
                "-XX:Tier4InvocationThreshold=50000", "-XX:Tier4MinInvocationThreshold=6000", "-XX:Tier4CompileThreshold=150000", "-XX:Tier4BackEdgeThreshold=400000",
                "--add-opens=jdk.jshell/jdk.jshell=ALL-UNNAMED"));
        for (String flag : Files.readString(flagsFile, StandardCharsets.UTF_8).trim().split("\\s+")) {
            if (!flag.isEmpty()) argv.add(flag);
        }
        argv.addAll(List.of("-cp", classpath + File.pathSeparator + runnerJar.toAbsolutePath() + File.pathSeparator
                + spark.resolve("lib").toAbsolutePath() + File.separator + "*", "dev.sluice.Main", "--kernel", "{connection_file}",
                "--master", master));
        argv.addAll(sparkOptions);
        argv.addAll(kernelOptions);
        StringBuilder json = new StringBuilder("{\n  \"argv\": [");
        for (int i = 0; i < argv.size(); i++) {
            json.append(i == 0 ? "" : ", ").append('"').append(jsonEscape(argv.get(i))).append('"');
        }
        json.append("],\n  \"display_name\": \"Sluice (Java) on Spark\",\n  \"language\": \"java\",\n")
                .append("  \"interrupt_mode\": \"message\",\n  \"env\": {},\n  \"metadata\": {\n    \"debugger\": false\n  }\n}\n");
        Path dir = dataDir.resolve("kernels").resolve(SPARK_KERNEL_NAME);
        Files.createDirectories(dir);
        Path target = dir.resolve("kernel.json");
        Files.writeString(target, json.toString(), StandardCharsets.UTF_8);
        try (var files = Files.list(projectDir.resolve("kernel"))) {
            for (Path extra : files.filter(f -> f.getFileName().toString().endsWith(".png") || f.getFileName().toString().endsWith(".svg")).toList()) {
                Files.copy(extra, dir.resolve(extra.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target;
    }

    private static String jsonEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
