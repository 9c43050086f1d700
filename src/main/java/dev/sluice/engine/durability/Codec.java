package dev.sluice.engine.durability;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * Turns data (received records, keys, values, state) into bytes and back with Java serialization,
 * the format of the write-ahead log and of checkpointed state, except for an array of strings
 * (received lines), written as a count and each string's modified UTF-8. Classes are resolved through
 * the thread's context class loader first, so classes defined in the shell are found.
 */
public final class Codec {

    private Codec() {
    }

    /**
     * First byte of an array of strings written by {@link #serialize} in its own form; a Java
     * serialization stream always starts with {@code 0xAC}, so the two are told apart by it.
     */
    static final byte STRINGS = 'S';

    /** The longest string the strings' form takes: its modified UTF-8 then fits in 65,535 bytes. */
    private static final int MAX_STRING_CHARS = 65_535 / 3;

    /** Returns {@code o} serialized. */
    public static byte[] serialize(Object o) throws IOException {
        if (o instanceof Object[] array && allShortStrings(array)) {
            // received lines, the usual records of a log: no object stream per block
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + array.length * 32);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(STRINGS);
            out.writeInt(array.length);
            for (Object x : array) {
                out.writeUTF((String) x);
            }
            return bytes.toByteArray();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        } catch (NotSerializableException e) {
            throw new NotSerializableException(e.getMessage() + " is not serializable; received records, keys, values and"
                    + " state must implement java.io.Serializable when a checkpoint directory is set");
        }
        return bytes.toByteArray();
    }

    private static boolean allShortStrings(Object[] array) {
        for (Object x : array) {
            if (!(x instanceof String str) || str.length() > MAX_STRING_CHARS) {
                return false;
            }
        }
        return true;
    }

    /** Returns the object in {@code data}. */
    public static Object deserialize(byte[] data) throws IOException, ClassNotFoundException {
        if (data.length > 0 && data[0] == STRINGS) {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, 1, data.length - 1));
            Object[] array = new Object[in.readInt()];
            for (int i = 0; i < array.length; i++) {
                array[i] = in.readUTF();
            }
            return array;
        }
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
