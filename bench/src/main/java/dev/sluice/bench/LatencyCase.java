package dev.sluice.bench;

/**
 * The W7 end-to-end latency cases. Every record is a line {@code "SEQ KEY STAMP"} from {@link
 * LatencyFeeder}; every case outputs, for each record it keeps, the record's send stamp, collected on
 * the driver at the end of its batch, where {@link LatencySink} takes the time.
 */
public enum LatencyCase {
    /** (a) stateless: map each line to its key and stamp, keep the records whose sequence number is not a multiple of 10. */
    STATELESS("(a) stateless map/filter", 1, 5),
    /**
     * (b) a 10 s windowed count per key, updated every batch ({@code reduceByKeyAndWindow} with the
     * inverse function, window 10 s, slide one batch), joined with the batch's records: each record is
     * output with its key's count over the last 10 s, which includes the record itself.
     */
    WINDOW("(b) 10 s windowed count per key, every batch", 5, 20),
    /** (c) {@code mapWithState}: a running count per key, each record output with its key's new count. */
    STATE("(c) mapWithState per key", 5, 0);

    /** The window of {@link #WINDOW}, in milliseconds. */
    public static final long WINDOW_MS = 10_000;

    private final String title;
    private final double goalMsAt100k;
    private final double goalMsAt1m;

    LatencyCase(String title, double goalMsAt100k, double goalMsAt1m) {
        this.title = title;
        this.goalMsAt100k = goalMsAt100k;
        this.goalMsAt1m = goalMsAt1m;
    }

    /** A human title for reports. */
    public String title() {
        return title;
    }

    /** Whether the case drops some records (only those it keeps are output). */
    public boolean filters() {
        return this == STATELESS;
    }

    /** Whether the stateless case keeps record {@code seq}. */
    static boolean kept(long seq) {
        return seq % 10 != 0;
    }

    /** Whether Spark needs a checkpoint directory for it (both engines then get one). */
    public boolean needsCheckpoint() {
        return this != STATELESS;
    }

    /** Issue 30's p99 goal in milliseconds at {@code rate} records/s, or NaN where it sets none. */
    public double goalMs(long rate) {
        double goal = rate >= 1_000_000 ? goalMsAt1m : rate == 100_000 ? goalMsAt100k : 0;
        return goal > 0 ? goal : Double.NaN;
    }

    /** The key of a line {@code "SEQ KEY STAMP"}. */
    static String key(String line) {
        int a = line.indexOf(' ');
        return line.substring(a + 1, line.indexOf(' ', a + 1));
    }

    /** The sequence number of a line. */
    static long seq(String line) {
        return Long.parseLong(line, 0, line.indexOf(' '), 10);
    }

    /** The send stamp (System.nanoTime of the feeder, which runs in the engine's JVM) of a line. */
    static long stamp(String line) {
        return Long.parseLong(line, line.lastIndexOf(' ') + 1, line.length(), 10);
    }
}
