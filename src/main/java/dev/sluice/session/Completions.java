package dev.sluice.session;

import java.util.List;

/**
 * Completion candidates for a cursor position: each candidate replaces the text from {@code anchor}
 * up to the cursor.
 *
 * @param anchor     offset in the code where the completed word starts
 * @param candidates replacement texts, those matching the expected type first
 * @param typed      how many of the first candidates match the expected type (an argument's
 *                   parameter type, a variable's declared type)
 */
public record Completions(int anchor, List<String> candidates, int typed) {
    public Completions {
        candidates = List.copyOf(candidates);
        if (typed < 0 || typed > candidates.size()) {
            throw new IllegalArgumentException("typed " + typed + " is outside 0.." + candidates.size());
        }
    }

    /** Candidates of which none is known to match the expected type. */
    public Completions(int anchor, List<String> candidates) {
        this(anchor, candidates, 0);
    }

    /** The candidates that match the expected type. */
    public List<String> typedCandidates() {
        return candidates.subList(0, typed);
    }
}
