package dev.sluice.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.DeserializationStream;
import org.apache.spark.serializer.SerializationStream;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.serializer.SerializerInstance;
import scala.reflect.ClassTag;

/**
 * Spark's data serializer for Sluice: Java serialization, as Spark's default, that also carries
 * {@link java.util.Optional} (which is not {@code Serializable}) inside records, so the results of
 * outer joins and state holding {@code Optional}s travel through shuffles, caches and task results as
 * they do on the embedded engine. Classes resolve through Spark's class loader for the task (which
 * sees the shell's snippet classes on executors).
 */
public final class SluiceSerializer extends Serializer implements Serializable {

    private static final long serialVersionUID = 1L;
    /** Objects written between resets of the stream's handle table, as Spark's Java serializer does. */
    private static final int RESET_EVERY = 100;

    public SluiceSerializer(SparkConf conf) {
    }

    public SluiceSerializer() {
    }

    @Override
    public SerializerInstance newInstance() {
        ClassLoader loader = defaultClassLoader().isDefined() ? defaultClassLoader().get()
                : Thread.currentThread().getContextClassLoader();
        return new Instance(loader);
    }

    /** What an {@link Optional} is written as. */
    private record OptionalValue(Object value, boolean present) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private static final class Out extends ObjectOutputStream {
        Out(OutputStream out) throws IOException {
            super(out);
            enableReplaceObject(true);
        }

        @Override
        protected Object replaceObject(Object obj) {
            if (obj instanceof Optional<?> o) {
                return new OptionalValue(o.orElse(null), o.isPresent());
            }
            return obj;
        }
    }

    private static final class In extends ObjectInputStream {
        private final ClassLoader loader;

        In(InputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
            enableResolveObject(true);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            if (loader != null) {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    // primitives and classes only the default loader sees
                }
            }
            return super.resolveClass(desc);
        }

        @Override
        protected Object resolveObject(Object obj) {
            if (obj instanceof OptionalValue v) {
                return v.present() ? Optional.ofNullable(v.value()) : Optional.empty();
            }
            return obj;
        }
    }

    private static final class Instance extends SerializerInstance {
        private final ClassLoader loader;

        Instance(ClassLoader loader) {
            this.loader = loader;
        }

        @Override
        public <T> ByteBuffer serialize(T t, ClassTag<T> tag) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (Out out = new Out(bytes)) {
                out.writeObject(t);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return ByteBuffer.wrap(bytes.toByteArray());
        }

        @Override
        public <T> T deserialize(ByteBuffer bytes, ClassTag<T> tag) {
            return deserialize(bytes, loader, tag);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T deserialize(ByteBuffer bytes, ClassLoader loader, ClassTag<T> tag) {
            try (In in = new In(stream(bytes), loader)) {
                return (T) in.readObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("class not found while reading a record: " + e.getMessage(), e);
            }
        }

        @Override
        public SerializationStream serializeStream(OutputStream s) {
            try {
                Out out = new Out(s);
                return new SerializationStream() {
                    private int written;

                    @Override
                    public <T> SerializationStream writeObject(T t, ClassTag<T> tag) {
                        try {
                            out.writeObject(t);
                            if (++written >= RESET_EVERY) {
                                out.reset();
                                written = 0;
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        return this;
                    }

                    @Override
                    public void flush() {
                        try {
                            out.flush();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }

                    @Override
                    public void close() {
                        try {
                            out.close();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                };
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public DeserializationStream deserializeStream(InputStream s) {
            try {
                In in = new In(s, loader);
                return new DeserializationStream() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <T> T readObject(ClassTag<T> tag) {
                        try {
                            return (T) in.readObject();
                        } catch (java.io.EOFException e) {
                            throw Instance.<RuntimeException>rethrow(e);    // Spark's readers end at EOFException
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        } catch (ClassNotFoundException e) {
                            throw new IllegalStateException("class not found while reading a record: " + e.getMessage(), e);
                        }
                    }

                    @Override
                    public void close() {
                        try {
                            in.close();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                };
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @SuppressWarnings("unchecked")
        private static <E extends Throwable> E rethrow(Throwable e) throws E {
            throw (E) e;
        }

        private static InputStream stream(ByteBuffer b) {
            if (b.hasArray()) {
                return new ByteArrayInputStream(b.array(), b.arrayOffset() + b.position(), b.remaining());
            }
            byte[] copy = new byte[b.remaining()];
            b.duplicate().get(copy);
            return new ByteArrayInputStream(copy);
        }
    }
}
