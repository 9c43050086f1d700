package dev.sluice.bench.jmh;

import java.util.ArrayList;
import java.util.List;

import dev.sluice.bench.Data;
import dev.sluice.streaming.Pair;

/** Inputs of the microbenchmarks, cut from the benchmark's fixed-seed pools. */
final class Inputs {
    private Inputs() {
    }

    /** The (word, 1) pairs of {@code lines} W1 lines. */
    static List<Pair<String, Long>> wordPairs(int lines) {
        List<Pair<String, Long>> pairs = new ArrayList<>(lines * Data.WORDS_PER_LINE);
        for (String line : Data.named("lines").slice(0, lines)) {
            for (String word : line.split(" ")) {
                pairs.add(Pair.of(word, 1L));
            }
        }
        return pairs;
    }
}
