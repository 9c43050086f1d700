package dev.sluice.session;

import java.util.List;

/**
 * Completion candidates for a cursor position: each candidate replaces the text from {@code anchor}
 * up to the cursor.
 *
 * @param anchor     offset in the code where the completed word starts
 * @param candidates replacement texts, those matching the expected type first
 */
public record Completions(int anchor, List<String> candidates) {
    public Completions {
        candidates = List.copyOf(candidates);
    }
}
