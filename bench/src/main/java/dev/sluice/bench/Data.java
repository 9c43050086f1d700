package dev.sluice.bench;

import java.util.AbstractList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates the benchmark's input deterministically from a fixed seed, so that every engine sees
 * exactly the same records in the same order.
 *
 * <p>Records come from a pool generated once per JVM; batch {@code i} at {@code n} records per batch
 * is the slice {@code [i*n, (i+1)*n)} of the pool, wrapping around. Slices are views, so building a
 * batch costs nothing and memory stays flat whatever the rate.
 */
public final class Data {
    /** Seed of every generator in the benchmark. */
    public static final long SEED = 20261124L;
    /** Words in the W1 vocabulary. */
    public static final int VOCABULARY = 10_000;
    /** Words per W1 line. */
    public static final int WORDS_PER_LINE = 10;
    /** Distinct keys of the W3 records. */
    public static final int KEYS = 100_000;
    /** Words in the vocabulary of W3 as specified ({@link #wordLines}): one per key of the state. */
    public static final int WIDE_VOCABULARY = 100_000;
    /** Records in each pool. */
    public static final int POOL = 100_000;


    private final String name;
    private final String[] pool;

    private Data(String name, String[] pool) {
        this.name = name;
        this.pool = pool;
    }

    /** The pool's name: {@code lines} or {@code keys}. */
    public String name() {
        return name;
    }

    /** This JVM's pool of that name, generated on first use. */
    public static Data named(String name) {
        return switch (name) {
            case "lines" -> Workload.Pools.lines();
            case "keys" -> Workload.Pools.keys();
            case "wordLines" -> Workload.Pools.wordLines();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Lines of {@value #WORDS_PER_LINE} words drawn uniformly from a {@value #VOCABULARY}-word vocabulary. */
    public static Data lines() {
        return lines("lines", VOCABULARY, SEED);
    }

    /**
     * Lines of {@value #WORDS_PER_LINE} words drawn uniformly from a {@value #WIDE_VOCABULARY}-word
     * vocabulary: the records of W3 as specified, whose state has one key per word.
     */
    public static Data wordLines() {
        return lines("wordLines", WIDE_VOCABULARY, SEED + 2);
    }

    private static Data lines(String name, int words, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] vocabulary = new String[words];
        for (int i = 0; i < words; i++) {
            int length = 3 + random.nextInt(8);
            char[] word = new char[length];
            for (int c = 0; c < length; c++) {
                word[c] = (char) ('a' + random.nextInt(26));
            }
            // the index suffix keeps all words distinct
            vocabulary[i] = new String(word) + Integer.toString(i, 36);
        }
        String[] lines = new String[POOL];
        StringBuilder line = new StringBuilder(128);
        for (int i = 0; i < POOL; i++) {
            line.setLength(0);
            for (int w = 0; w < WORDS_PER_LINE; w++) {
                if (w > 0) {
                    line.append(' ');
                }
                line.append(vocabulary[random.nextInt(words)]);
            }
            lines[i] = line.toString();
        }
        return new Data(name, lines);
    }

    /** Keys {@code "k0".."k99999"} drawn uniformly, one per record. */
    public static Data keys() {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        String[] names = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            names[i] = "k" + i;
        }
        String[] keys = new String[POOL];
        for (int i = 0; i < POOL; i++) {
            keys[i] = names[random.nextInt(KEYS)];
        }
        return new Data("keys", keys);
    }

    /** The records of batch {@code index} when every batch holds {@code perBatch} records. */
    public List<String> batch(long index, int perBatch) {
        long start = index * perBatch;
        return new Slice(this, (int) (start % pool.length), perBatch);
    }

    /** {@code size} records from {@code offset} of the pool, wrapping around. */
    public List<String> slice(int offset, int size) {
        return new Slice(this, offset % pool.length, size);
    }

    /** The whole pool, read-only. */
    public List<String> all() {
        return new Slice(this, 0, pool.length);
    }

    /** A read-only view of {@code size} records of the pool from {@code offset}, wrapping around. */
    public static final class Slice extends AbstractList<String> {
        private final Data data;
        private final String[] pool;
        private final int offset;
        private final int size;

        Slice(Data data, int offset, int size) {
            this.data = data;
            this.pool = data.pool;
            this.offset = offset;
            this.size = size;
        }

        /** The pool this slice views. */
        public Data data() {
            return data;
        }

        /** Index of the slice's first record in the pool. */
        public int offset() {
            return offset;
        }

        @Override
        public String get(int i) {
            if (i < 0 || i >= size) {
                throw new IndexOutOfBoundsException(i);
            }
            int at = offset + i;
            return pool[at < pool.length ? at : at % pool.length];
        }

        @Override
        public int size() {
            return size;
        }
    }
}
