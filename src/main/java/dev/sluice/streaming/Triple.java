package dev.sluice.streaming;

import java.io.Serializable;

/**
 * Three values: the value type of a three-way {@code cogroup} (Spark's {@code Tuple3}).
 * Prints as {@code (first,second,third)}.
 *
 * @param first  the first value
 * @param second the second value
 * @param third  the third value
 */
public record Triple<A, B, C>(A first, B second, C third) implements Serializable {

    /** Returns the triple {@code (first, second, third)}. */
    public static <A, B, C> Triple<A, B, C> of(A first, B second, C third) {
        return new Triple<>(first, second, third);
    }

    /** Returns {@code (first,second,third)}. */
    @Override
    public String toString() {
        return "(" + first + "," + second + "," + third + ")";
    }
}
