package dev.sluice.engine.durability;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * Turns data (received records, keys, values, state) into bytes and back with Java serialization,
 * the one format of the write-ahead log and of checkpointed state. Classes are resolved through
 * the thread's context class loader first, so classes defined in the shell are found.
 */
public final class Codec {

    private Codec() {
    }

    /** Returns {@code o} serialized. */
    public static byte[] serialize(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        } catch (NotSerializableException e) {
            throw new NotSerializableException(e.getMessage() + " is not serializable; received records, keys, values and"
                    + " state must implement java.io.Serializable when a checkpoint directory is set");
        }
        return bytes.toByteArray();
    }

    /** Returns the object in {@code data}. */
    public static Object deserialize(byte[] data) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ContextObjectInputStream(new ByteArrayInputStream(data))) {
            return in.readObject();
        }
    }

    private static final class ContextObjectInputStream extends ObjectInputStream {
        ContextObjectInputStream(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            if (cl != null) {
                try {
                    return Class.forName(desc.getName(), false, cl);
                } catch (ClassNotFoundException e) {
                    // fall back to the default lookup
                }
            }
            return super.resolveClass(desc);
        }
    }
}
