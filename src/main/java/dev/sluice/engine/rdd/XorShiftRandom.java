package dev.sluice.engine.rdd;

import java.util.Random;

/**
 * The random generator Spark samples with: Marsaglia's xorshift (shifts 21, 35, 4) over a 64-bit
 * state, the seed first spread by MurmurHash3 (x86, 32 bits) of its eight big-endian bytes, once for
 * the low and once for the high half of the state. Every draw of {@link Random} ({@code nextDouble},
 * {@code nextInt(bound)}, ...) goes through {@link #next(int)}, so a generator seeded alike gives
 * the same numbers as Spark's, and samples taken with it the same elements.
 *
 * <p>Not thread-safe: one generator per task.
 */
public final class XorShiftRandom extends Random {

    private static final long serialVersionUID = 1L;
    /** The seed Scala's MurmurHash3 uses for arrays. */
    private static final int ARRAY_SEED = 0x3c074a61;

    private long state;

    /** Creates a generator seeded with {@code seed}. */
    public XorShiftRandom(long seed) {
        super(seed);
        this.state = hashSeed(seed);
    }

    @Override
    public void setSeed(long seed) {
        state = hashSeed(seed);   // also called by Random's constructor, before this class's fields exist
    }

    @Override
    protected int next(int bits) {
        long x = state;
        x ^= x << 21;
        x ^= x >>> 35;
        x ^= x << 4;
        state = x;
        return (int) (x & ((1L << bits) - 1));
    }

    /** Spreads {@code seed} over 64 bits: MurmurHash3 of its bytes, then of its bytes again seeded by the first hash. */
    static long hashSeed(long seed) {
        byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (seed >>> (56 - 8 * i));
        }
        int low = murmur3(bytes, ARRAY_SEED);
        int high = murmur3(bytes, low);
        return ((long) high << 32) | (low & 0xFFFFFFFFL);
    }

    /** MurmurHash3, x86 32-bit variant, over {@code data} read as little-endian 4-byte blocks. */
    static int murmur3(byte[] data, int seed) {
        int h = seed;
        int i = 0;
        for (; i + 4 <= data.length; i += 4) {
            int k = (data[i] & 0xFF) | (data[i + 1] & 0xFF) << 8 | (data[i + 2] & 0xFF) << 16 | (data[i + 3] & 0xFF) << 24;
            h = mix(h, k);
        }
        int rest = data.length - i;
        if (rest > 0) {
            int k = 0;
            if (rest == 3) {
                k ^= (data[i + 2] & 0xFF) << 16;
            }
            if (rest >= 2) {
                k ^= (data[i + 1] & 0xFF) << 8;
            }
            k ^= data[i] & 0xFF;
            h ^= scramble(k);
        }
        h ^= data.length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    private static int scramble(int k) {
        k *= 0xcc9e2d51;
        k = Integer.rotateLeft(k, 15);
        return k * 0x1b873593;
    }

    private static int mix(int h, int k) {
        h ^= scramble(k);
        h = Integer.rotateLeft(h, 13);
        return h * 5 + 0xe6546b64;
    }
}
