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
 * <p>Usage: {@code --install-kernel [--user | --sys-prefix | --prefix DIR] [--no-class-archive]};
 * {@code --user} is the default. The spec goes to {@code <data dir>/kernels/sluice/kernel.json}, where
 * the data dir is {@code ~/.local/share/jupyter} for {@code --user}, and {@code <prefix>/share/jupyter}
 * otherwise; its class-data archive ({@link #writeClassArchive}) beside it, unless
 * {@code --no-class-archive} is given or SLUICE_CDS is {@code off}.
 */
public final class KernelSpecInstaller {
    /** The kernel name clients select ({@code jupyter console --kernel sluice}). */
    public static final String KERNEL_NAME = "sluice";

    /** The kernel on the Spark runner ({@code jupyter console --kernel sluice-spark}). */
    public static final String SPARK_KERNEL_NAME = "sluice-spark";

    /** The master of the Spark kernelspec unless {@code --master} is given at install or SLUICE_MASTER at start. */
    static final String DEFAULT_SPARK_MASTER = "local[2]";

    /** The install option that leaves out the class-data archive (a shorter install, a slower kernel start). */
    static final String NO_CLASS_ARCHIVE = "--no-class-archive";

    static final String USAGE = "usage: sluice --install-kernel [--user | --sys-prefix | --prefix DIR] [--no-class-archive]"
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
        boolean classArchive = !"off".equals(System.getenv("SLUICE_CDS"));
        try {
            for (int i = 0; i < allArgs.size(); i++) {
                if (KERNEL_OPTIONS.contains(allArgs.get(i))) {
                    if (i + 1 >= allArgs.size()) throw new IllegalArgumentException(allArgs.get(i) + " needs a value");
                    kernelOptions.add(allArgs.get(i));
                    kernelOptions.add(allArgs.get(++i));
                } else if (allArgs.get(i).equals(NO_CLASS_ARCHIVE)) {
                    classArchive = false;
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
            if (!classArchive) {
                out.println("The kernel starts without a class-data archive (" + NO_CLASS_ARCHIVE + " or SLUICE_CDS=off).");
            } else {
                out.println("Writing the kernel's class-data archive (a kernel that answers a few cells once) ...");
                long started = System.nanoTime();
                String failure = installer.writeClassArchive(spec);
                out.println(failure == null
                        ? String.format(Locale.ROOT, "Wrote %s (%.0f MB, %.1f s): the kernel maps these classes at start instead of loading them.",
                                spec.resolveSibling(CLASS_ARCHIVE), Files.size(spec.resolveSibling(CLASS_ARCHIVE)) / 1e6,
                                (System.nanoTime() - started) / 1e9)
                        : "The kernel starts without a class-data archive: " + failure);
            }
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
        Path template = template();
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
        // the plain kernelspec's JVM options (its template's, between the Java and -cp), then Spark's
        List<String> template = argv(template());
        List<String> argv = new ArrayList<>(List.of(java.toString()));
        argv.addAll(template.subList(1, template.indexOf("-cp")));
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

    /** The kernelspec's class-data archive, beside its kernel.json. */
    static final String CLASS_ARCHIVE = "sluice.jsa";

    /** The system property by which a kernel knows its class-data archive, to say when it is older than the jar. */
    static final String CLASS_ARCHIVE_PROPERTY = "sluice.classArchive";

    /** How long the training kernel may take to write the archive. */
    private static final long TRAINING_TIMEOUT_SECONDS = 180;

    /**
     * Writes the class-data archive of the kernelspec {@code spec} ({@code sluice.jsa} beside it) and
     * adds it to the spec's JVM options; returns null when done, else why not (the spec is then left
     * as it was). The archive is written by a kernel started with the spec's own JVM options, which
     * answers the cells of {@link KernelTraining} and exits ({@code -XX:ArchiveClassesAtExit}, Java
     * 13 and later). A kernel whose archive does not fit its Java or its jars (a rebuild, another
     * JDK) starts without it, silently; it says in Jupyter's log when the jar is newer than the archive.
     */
    String writeClassArchive(Path spec) {
        try {
            return writeClassArchiveOrThrow(spec);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private String writeClassArchiveOrThrow(Path spec) throws IOException {
        Path dir = spec.getParent();
        List<String> argv = argv(spec);
        int cp = argv.indexOf("-cp");
        if (cp < 1 || cp + 1 >= argv.size()) return "the kernelspec " + spec + " has no -cp";
        List<String> jvm = new ArrayList<>(argv.subList(0, cp));
        String path = argv.get(cp + 1);
        Path archive = dir.resolve(CLASS_ARCHIVE);
        Path partial = dir.resolve("." + CLASS_ARCHIVE + "." + ProcessHandle.current().pid());
        Files.deleteIfExists(archive);          // an earlier install's, which the spec just written does not name
        Path log = Files.createTempFile("sluice-kernel-training", ".log");
        try {
            List<String> train = new ArrayList<>(jvm);
            train.addAll(List.of("-XX:ArchiveClassesAtExit=" + partial, "-Xlog:cds=off,cds+dynamic=off",
                    "-cp", path, "dev.sluice.Main", "--kernel-training"));
            String failure = runJava(train, log);
            if (failure == null && !(Files.isRegularFile(partial) && Files.size(partial) > 0)) {
                failure = "the training kernel wrote no archive (this Java cannot write one)";
            }
            if (failure != null) return failure + lastLines(log);
            Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            // the archive must map with the spec's options and class path, or the kernel would start without it
            List<String> check = new ArrayList<>(jvm);
            check.addAll(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-cp", path, "-version"));
            failure = runJava(check, log);
            if (failure != null) {
                Files.deleteIfExists(archive);
                return "the written archive does not map (" + failure + ")" + lastLines(log);
            }
        } finally {
            Files.deleteIfExists(partial);
            Files.deleteIfExists(log);
        }
        String text = Files.readString(spec, StandardCharsets.UTF_8);
        String first = "\"" + jsonEscape(argv.get(0)) + "\", ";
        int at = text.indexOf(first);
        if (at < 0) return "the kernelspec " + spec + " does not start with its Java";
        String options = "\"-XX:SharedArchiveFile=" + jsonEscape(archive.toString()) + "\", \"-Xlog:cds=off,cds+dynamic=off\", \"-D"
                + CLASS_ARCHIVE_PROPERTY + "=" + jsonEscape(archive.toString()) + "\", ";
        Files.writeString(spec, text.substring(0, at + first.length()) + options + text.substring(at + first.length()), StandardCharsets.UTF_8);
        return null;
    }

    /** The kernelspec template, {@code kernel/kernel.json} in the project. */
    private Path template() throws IOException {
        Path template = projectDir.resolve("kernel").resolve("kernel.json");
        if (!Files.isRegularFile(template)) throw new IOException("kernelspec template " + template + " is missing");
        return template;
    }

    /** The kernelspec's argv. */
    static List<String> argv(Path spec) throws IOException {
        com.google.gson.JsonObject json = com.google.gson.JsonParser.parseString(Files.readString(spec, StandardCharsets.UTF_8)).getAsJsonObject();
        List<String> argv = new ArrayList<>();
        for (com.google.gson.JsonElement e : json.getAsJsonArray("argv")) argv.add(e.getAsString());
        return argv;
    }

    /** Runs a JVM command, its output to {@code log}; null when it exited 0 in time, else what happened. */
    private static String runJava(List<String> command, Path log) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                return "it did not finish within " + TRAINING_TIMEOUT_SECONDS + " s";
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        return p.exitValue() == 0 ? null : "exit status " + p.exitValue();
    }

    private static String lastLines(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return lines.isEmpty() ? "" : "\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    private static String jsonEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
