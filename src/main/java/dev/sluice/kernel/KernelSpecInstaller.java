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
 * Jupyter data directory, pointing it at this Java runtime and the built jar and its libraries.
 *
 * <p>Usage: {@code --install-kernel [--user | --sys-prefix | --prefix DIR]}; {@code --user} is the
 * default. The spec goes to {@code <data dir>/kernels/sluice/kernel.json}, where the data dir is
 * {@code ~/.local/share/jupyter} for {@code --user}, and {@code <prefix>/share/jupyter} otherwise.
 */
public final class KernelSpecInstaller {
    /** The kernel name clients select ({@code jupyter console --kernel sluice}). */
    public static final String KERNEL_NAME = "sluice";

    static final String USAGE = "usage: sluice --install-kernel [--user | --sys-prefix | --prefix DIR]"
            + " [--dependency g:a:v] [--classpath path] [--repository url] ...";

    /** Options the kernel takes on start that the kernelspec can carry (each with a value). */
    private static final List<String> KERNEL_OPTIONS = List.of("--dependency", "--classpath", "--repository",
            "--batch", "--parallelism", "--remember", "--checkpoint");

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
        try {
            for (int i = 0; i < allArgs.size(); i++) {
                if (KERNEL_OPTIONS.contains(allArgs.get(i))) {
                    if (i + 1 >= allArgs.size()) throw new IllegalArgumentException(allArgs.get(i) + " needs a value");
                    kernelOptions.add(allArgs.get(i));
                    kernelOptions.add(allArgs.get(++i));
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
            Path spec = forThisRuntime().install(dataDir, kernelOptions);
            out.println("Installed the Sluice kernelspec in " + spec.getParent());
            out.println("Start it with: jupyter notebook  (then choose \"Sluice (Java)\")"
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

    private static String jsonEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
