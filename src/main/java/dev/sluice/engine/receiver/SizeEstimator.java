package dev.sluice.engine.receiver;

import java.util.Collection;
import java.util.Map;

/**
 * Estimates the heap bytes a received record holds, cheaply: exact enough for strings, byte
 * arrays, boxed numbers and pairs of those; a flat guess for anything else. Used only to keep
 * unprocessed input under the memory budget.
 */
public final class SizeEstimator {

    /** The guess for objects of unknown shape. */
    static final long OTHER = 64;

    private SizeEstimator() {
    }

    /** Returns the estimated size of {@code o} in bytes, including a reference to it. */
    public static long estimate(Object o) {
        return 8 + shallow(o, 0);
    }

    private static long shallow(Object o, int depth) {
        if (o == null) {
            return 0;
        }
        if (o instanceof String s) {
            return 40 + align(s.length() * (isLatin1(s) ? 1L : 2L));
        }
        if (o instanceof byte[] b) {
            return 16 + align(b.length);
        }
        if (o instanceof Number || o instanceof Boolean || o instanceof Character) {
            return 24;
        }
        if (depth < 2 && o instanceof dev.sluice.streaming.Pair<?, ?> p) {
            return 24 + 8 + shallow(p.key(), depth + 1) + 8 + shallow(p.value(), depth + 1);
        }
        if (depth < 2 && o instanceof Collection<?> c && c.size() <= 16) {
            long n = 40 + 8L * c.size();
            for (Object x : c) {
                n += shallow(x, depth + 1);
            }
            return n;
        }
        if (o instanceof Map<?, ?> m) {
            return 48 + 64L * m.size();
        }
        return OTHER;
    }

    private static boolean isLatin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    private static long align(long n) {
        return (n + 7) & ~7L;
    }
}
