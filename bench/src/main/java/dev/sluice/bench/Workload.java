package dev.sluice.bench;

/** The streaming workloads that run on every engine, each over one of {@link Data}'s pools. */
public enum Workload {
    /** W1: flatMap lines to words, mapToPair (word, 1), reduceByKey per batch. */
    W1_WORD_COUNT("W1 word count", false, 0),
    /** W2: W1's pairs, reduceByKeyAndWindow over 10 batches sliding every batch, no inverse function. */
    W2_WINDOW("W2 reduceByKeyAndWindow 10s/1s", false, 10),
    /** W2: as {@link #W2_WINDOW} with the inverse function (incremental window). */
    W2_WINDOW_INVERSE("W2 reduceByKeyAndWindow 10s/1s + inverse", true, 10),
    /** W3: (key, 1) over 100,000 keys, running count per key with updateStateByKey. */
    W3_UPDATE_STATE("W3 pooled keys (one key per record): updateStateByKey, 100k keys", true, 0),
    /** W3: as {@link #W3_UPDATE_STATE} with mapWithState. */
    W3_MAP_WITH_STATE("W3 pooled keys (one key per record): mapWithState, 100k keys", true, 0),
    /**
     * W3 as specified: lines of 10 words from a 100,000-word vocabulary, flatMap to words, pairs
     * (word, 1), running count per word with updateStateByKey (100,000 keys). Rates are lines/s.
     */
    W3_LINES_UPDATE_STATE("W3 as specified (10-word lines, lines/s): updateStateByKey over 100k words", true, 0);

    private final String title;
    private final boolean needsCheckpoint;
    private final int windowBatches;

    Workload(String title, boolean needsCheckpoint, int windowBatches) {
        this.title = title;
        this.needsCheckpoint = needsCheckpoint;
        this.windowBatches = windowBatches;
    }

    /** A human title for reports. */
    public String title() {
        return title;
    }

    /** Whether Spark refuses to run it without a checkpoint directory (both engines then get one). */
    public boolean needsCheckpoint() {
        return needsCheckpoint;
    }

    /** Window length in batches (0 when not windowed). */
    public int windowBatches() {
        return windowBatches;
    }

    /** The pool its records come from. */
    public Data data() {
        if (this == W3_LINES_UPDATE_STATE) {
            return Pools.wordLines();
        }
        return this == W3_UPDATE_STATE || this == W3_MAP_WITH_STATE ? Pools.keys() : Pools.lines();
    }

    /** Pools built once per JVM. */
    static final class Pools {
        private static Data lines;
        private static Data keys;
        private static Data wordLines;

        static synchronized Data lines() {
            if (lines == null) {
                lines = Data.lines();
            }
            return lines;
        }

        static synchronized Data wordLines() {
            if (wordLines == null) {
                wordLines = Data.wordLines();
            }
            return wordLines;
        }

        static synchronized Data keys() {
            if (keys == null) {
                keys = Data.keys();
            }
            return keys;
        }
    }
}
