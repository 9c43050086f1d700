package dev.sluice.streaming;

import dev.sluice.engine.rdd.MapPartitionsNode;
import dev.sluice.engine.rdd.ObjectFileNode;
import dev.sluice.engine.rdd.RddNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ObjectOutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.StringTokenizer;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Datasets to and from files and processes: {@code saveAsTextFile}, {@code saveAsObjectFile} and
 * {@code objectFile}, and {@code pipe}. A saved dataset is a directory with one
 * {@code part-NNNNN} file per partition (empty partitions included) and an empty {@code _SUCCESS}
 * file once every part is written, the layout Spark writes.
 */
final class RddFiles {

    private static final Logger LOG = LoggerFactory.getLogger(RddFiles.class);

    private RddFiles() {
    }

    /** Writes each element's {@code String.valueOf} as a line, one UTF-8 part file per partition. */
    static void saveAsTextFile(RddNode<?> node, String path) {
        save("saveAsTextFile", node, path, (data, file) -> {
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                while (data.hasNext()) {
                    out.write(String.valueOf(data.next()));
                    out.write('\n');
                }
            }
        });
    }

    /** Writes the elements Java-serialized, one part file per partition; read back with {@code ssc.objectFile}. */
    static void saveAsObjectFile(RddNode<?> node, String path) {
        save("saveAsObjectFile", node, path, (data, file) -> {
            try (ObjectOutputStream out = new ObjectOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
                ObjectFileNode.write(data, out);
            }
        });
    }

    /** Writes one partition's part file; serializable, so a runner can write the parts where the partitions live. */
    @FunctionalInterface
    private interface PartWriter extends java.io.Serializable {
        void write(java.util.Iterator<?> data, Path file) throws Exception;
    }

    private static void save(String action, RddNode<?> node, String path, PartWriter writer) {
        Path dir = Path.of(path);
        if (Files.exists(dir)) {
            throw new UncheckedIOException(new FileAlreadyExistsException(dir.toAbsolutePath().toString(), null,
                    "output directory already exists; delete it or choose another path"));
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        String directory = dir.toString();        // a Path does not serialize; the task may run elsewhere
        RDD.run(action, () -> node.context().runJob(node, (split, it) -> {
            Path part = Path.of(directory, String.format("part-%05d", split));
            Path temp = Path.of(directory, String.format(".part-%05d.tmp", split));
            writer.write(it, temp);
            Files.move(temp, part, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return null;
        }));
        try {
            Files.createFile(dir.resolve("_SUCCESS"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("_SUCCESS") + ": " + e.getMessage(), e);
        }
    }

    /** Returns the part files of a saved dataset, or the file itself. */
    static List<Path> partFiles(Path path) {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> list = Files.list(path)) {
                list.filter(Files::isRegularFile)
                        .filter(p -> !p.getFileName().toString().startsWith(".") && !p.getFileName().toString().startsWith("_"))
                        .sorted(Comparator.comparing(Path::toString)).forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
            }
        } else if (Files.isRegularFile(path)) {
            files.add(path);
        } else {
            throw new UncheckedIOException(new java.io.FileNotFoundException(
                    "no such file or directory: " + path.toAbsolutePath() + "; check the path"));
        }
        return files;
    }

    /** Splits a command line at whitespace, as Spark's {@code pipe(String)} does. */
    static List<String> tokenize(String command) {
        List<String> out = new ArrayList<>();
        StringTokenizer tokens = new StringTokenizer(command);
        while (tokens.hasMoreTokens()) {
            out.add(tokens.nextToken());
        }
        return out;
    }

    /**
     * Per partition: starts {@code command}, writes each element's {@code String.valueOf} as a line
     * to its standard input (from a separate thread), and returns the lines of its standard output.
     * Its standard error is logged. A non-zero exit status fails the task.
     */
    static <T> RddNode<String> pipe(RddNode<T> node, List<String> command, Map<String, String> env,
                                    boolean separateWorkingDir, int bufferSize, String encoding) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("pipe needs a command");
        }
        if (bufferSize < 1) {
            throw new IllegalArgumentException("buffer size must be positive, got " + bufferSize);
        }
        Charset charset = Charset.forName(encoding);
        List<String> cmd = List.copyOf(command);
        Map<String, String> environment = Map.copyOf(env);
        return new MapPartitionsNode<T, String>(node, (split, it) -> {
            ProcessBuilder builder = new ProcessBuilder(cmd);
            builder.environment().putAll(environment);
            Path workDir = null;
            if (separateWorkingDir) {
                workDir = Files.createTempDirectory("sluice-pipe-" + split + "-");
                builder.directory(workDir.toFile());
            }
            try {
                Process process = builder.start();
                AtomicReference<Throwable> writeFailure = new AtomicReference<>();
                Thread feeder = new Thread(() -> {
                    try (BufferedWriter in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), charset),
                            bufferSize)) {
                        while (it.hasNext()) {
                            in.write(String.valueOf(it.next()));
                            in.newLine();
                        }
                    } catch (IOException e) {
                        // The command stopped reading its input; its exit status tells whether that was a failure.
                        LOG.debug("pipe: {} stopped reading its input: {}", cmd, e.toString());
                    } catch (Throwable e) {
                        writeFailure.set(e);
                    }
                }, "pipe-stdin-" + split);
                Thread errors = new Thread(() -> {
                    try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), charset))) {
                        for (String line; (line = err.readLine()) != null; ) {
                            LOG.info("pipe {} (partition {}) stderr: {}", cmd, split, line);
                        }
                    } catch (IOException e) {
                        LOG.debug("pipe: cannot read the standard error of {}: {}", cmd, e.toString());
                    }
                }, "pipe-stderr-" + split);
                feeder.setDaemon(true);
                errors.setDaemon(true);
                feeder.start();
                errors.start();
                List<String> lines = new ArrayList<>();
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), charset))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    process.destroy();
                    throw e;
                } finally {
                    if (Thread.currentThread().isInterrupted()) {
                        process.destroyForcibly();
                    }
                }
                int status = process.waitFor();
                feeder.join();
                errors.join();
                Throwable failed = writeFailure.get();
                if (failed instanceof Exception e) {
                    throw e;
                } else if (failed != null) {
                    throw new IllegalStateException("pipe input failed: " + failed, failed);
                }
                if (status != 0) {
                    throw new IllegalStateException("subprocess exited with status " + status + "; command ran: "
                            + String.join(" ", cmd));
                }
                return lines.iterator();
            } finally {
                if (workDir != null) {
                    deleteTree(workDir);
                }
            }
        }, false, "pipe");
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", dir, e.toString());
        }
    }
}
