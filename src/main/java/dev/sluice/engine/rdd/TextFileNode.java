package dev.sluice.engine.rdd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** The lines of text files, one partition per file, read when the partition is computed. */
public final class TextFileNode extends RddNode<String> {

    private final List<Path> files;

    /** Reads {@code files} (UTF-8). */
    public TextFileNode(RddContext ctx, List<Path> files) {
        super(ctx);
        this.files = List.copyOf(files);
    }

    @Override
    public int numPartitions() {
        return files.size();
    }

    @Override
    public String operation() {
        return files.size() == 1 ? "textFile " + files.get(0) : "textFile (" + files.size() + " files)";
    }

    @Override
    protected Iterator<String> compute(int split) throws IOException {
        BufferedReader reader = Files.newBufferedReader(files.get(split), StandardCharsets.UTF_8);
        return new Iterator<>() {
            private String next = advance();

            private String advance() {
                try {
                    String line = reader.readLine();
                    if (line == null) {
                        reader.close();
                    }
                    return line;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + files.get(split) + ": " + e.getMessage(), e);
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public String next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                String line = next;
                next = advance();
                return line;
            }
        };
    }
}
