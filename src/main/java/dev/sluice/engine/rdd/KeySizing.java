package dev.sluice.engine.rdd;

/**
 * What the last map task of a stream's grouping shuffle met, kept from one batch to the next by the
 * operator that shuffles every batch ({@code updateStateByKey}, {@code mapWithState}): how many
 * distinct keys, and whether its key table held short strings by value. The next batch's map tasks
 * size their key tables from it, so a table that meets about as many keys as the last one neither
 * grows nor moves its strings on the way. A hint only: any batch may have more keys or other ones.
 * Thread-safe (map tasks of one batch run in parallel and each records what it met).
 */
public final class KeySizing {

    private volatile int keys;
    private volatile boolean stringsByValue;

    /** Returns the number of keys the last map task that recorded met (0 before any). */
    int keys() {
        return keys;
    }

    /** Returns whether the last map task that recorded held short strings by value. */
    boolean stringsByValue() {
        return stringsByValue;
    }

    /** Returns a key table sized for the keys the last map task met (a small one before any). */
    <K> SumTable<K> newTable() {
        int n = keys;
        return n == 0 ? new SumTable<>() : new SumTable<>(n, stringsByValue);
    }

    /** Records what a map task's key table met. */
    void record(SumTable<?> table) {
        stringsByValue = table.holdsStringsByValue();
        keys = table.size();
    }
}
