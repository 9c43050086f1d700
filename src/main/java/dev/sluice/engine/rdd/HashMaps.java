package dev.sluice.engine.rdd;

import java.util.HashMap;

/** Hash maps sized up front for the number of keys they will hold. */
public final class HashMaps {

    private HashMaps() {
    }

    /** Returns an empty map that holds {@code expectedKeys} keys without rehashing (at least the default 16 buckets). */
    public static <K, V> HashMap<K, V> forSize(long expectedKeys) {
        return new HashMap<>((int) Math.max(16, Math.min(1 << 30, expectedKeys * 4 / 3 + 1)));
    }
}
