package dev.sluice.engine.rdd;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The elements of object files, one partition per file, read when the partition is computed. A
 * file holds Java-serialized elements, each preceded by {@code true}, and ends with {@code false}
 * (see {@link #write}).
 */
public final class ObjectFileNode<T> extends RddNode<T> {

    private final List<Path> files;
    private final ClassLoader loader;

    /** Reads {@code files}, resolving classes through {@code loader} first (may be null). */
    public ObjectFileNode(RddContext ctx, List<Path> files, ClassLoader loader) {
        super(ctx);
        this.files = List.copyOf(files);
        this.loader = loader;
    }

    /** Writes {@code data} to {@code out} in the format this node reads. */
    public static void write(Iterator<?> data, java.io.ObjectOutputStream out) throws IOException {
        while (data.hasNext()) {
            out.writeBoolean(true);
            out.writeObject(data.next());
            out.reset();
        }
        out.writeBoolean(false);
    }

    @Override
    public int numPartitions() {
        return files.size();
    }

    @Override
    public String operation() {
        return files.size() == 1 ? "objectFile " + files.get(0) : "objectFile (" + files.size() + " files)";
    }

    @Override
    protected Iterator<T> compute(int split) throws IOException {
        return read(files.get(split), loader);
    }

    /** Returns the elements of {@code file}, resolving classes through {@code loader} first (may be null). */
    @SuppressWarnings("unchecked")
    public static <T> Iterator<T> read(Path file, ClassLoader loader) throws IOException {
        ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(Files.newInputStream(file))) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                ClassLoader l = loader != null ? loader : Thread.currentThread().getContextClassLoader();
                if (l != null) {
                    try {
                        return Class.forName(desc.getName(), false, l);
                    } catch (ClassNotFoundException e) {
                        // fall back to the default resolution
                    }
                }
                return super.resolveClass(desc);
            }
        };
        return new Iterator<>() {
            private Object next;
            private boolean more = advance();

            private boolean advance() {
                try {
                    if (!in.readBoolean()) {
                        in.close();
                        return false;
                    }
                    next = in.readObject();
                    return true;
                } catch (EOFException e) {
                    throw new UncheckedIOException("object file " + file + " ends early; it was not completely written", e);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("cannot read " + file + ": class " + e.getMessage()
                            + " is not defined; define it before reading the file", e);
                }
            }

            @Override
            public boolean hasNext() {
                return more;
            }

            @Override
            public T next() {
                if (!more) {
                    throw new NoSuchElementException();
                }
                T value = (T) next;
                more = advance();
                return value;
            }
        };
    }
}
