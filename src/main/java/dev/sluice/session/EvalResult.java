package dev.sluice.session;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * The result of evaluating one cell: what each of its snippets did and, when the last snippet is an
 * expression, its live value.
 */
public final class EvalResult {

    private final List<SnippetOutcome> snippets;

    EvalResult(List<SnippetOutcome> snippets) {
        this.snippets = List.copyOf(snippets);
    }

    /** The snippets of the cell, in order. Empty for a cell of blanks and comments. */
    public List<SnippetOutcome> snippets() {
        return snippets;
    }

    /** Whether the cell ends with an expression that produced a value (which may be {@code null}). */
    public boolean hasValue() {
        if (snippets.isEmpty()) {
            return false;
        }
        SnippetOutcome last = snippets.get(snippets.size() - 1);
        return last.kind() == SnippetOutcome.Kind.EXPRESSION && last.hasValue();
    }

    /**
     * The live value of the cell's final expression.
     *
     * @throws NoSuchElementException when {@link #hasValue()} is false
     */
    public Object value() {
        if (!hasValue()) {
            throw new NoSuchElementException("the cell does not end with an expression");
        }
        return snippets.get(snippets.size() - 1).value();
    }

    /** The static type of the final expression as JShell names it, or {@code ""} without one. */
    public String valueType() {
        return hasValue() ? snippets.get(snippets.size() - 1).typeName() : "";
    }

    @Override
    public String toString() {
        return "EvalResult" + snippets.stream().map(s -> s.kind() + ":" + s.name()).toList();
    }
}
