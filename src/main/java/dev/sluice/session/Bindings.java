package dev.sluice.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands objects created by the session (such as the streaming context) to the snippet that declares
 * the matching variable. Public only because snippet code calls {@link #take(long)}.
 */
public final class Bindings {

    private static final AtomicLong KEYS = new AtomicLong();
    private static final Map<Long, Object> WAITING = new ConcurrentHashMap<>();

    private Bindings() {
    }

    static long put(Object value) {
        long key = KEYS.incrementAndGet();
        WAITING.put(key, value);
        return key;
    }

    /** Snippet source that takes the object left under {@code key}, cast to {@code type}. */
    static String takeSource(String type, long key) {
        return "(" + type + ") " + Bindings.class.getName() + ".take(" + key + "L)";
    }

    /** Forgets the object left under this key, if it is still there. */
    static void discard(long key) {
        WAITING.remove(key);
    }

    /** Removes and returns the object left under this key. */
    public static Object take(long key) {
        Object value = WAITING.remove(key);
        if (value == null) {
            throw new IllegalStateException("no object is waiting under key " + key);
        }
        return value;
    }
}
