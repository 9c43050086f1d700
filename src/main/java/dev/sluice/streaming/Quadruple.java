package dev.sluice.streaming;

import java.io.Serializable;

/**
 * Four values: the value type of a four-way {@code cogroup} (Spark's {@code Tuple4}).
 * Prints as {@code (first,second,third,fourth)}.
 *
 * @param first  the first value
 * @param second the second value
 * @param third  the third value
 * @param fourth the fourth value
 */
public record Quadruple<A, B, C, D>(A first, B second, C third, D fourth) implements Serializable {

    /** Returns the quadruple {@code (first, second, third, fourth)}. */
    public static <A, B, C, D> Quadruple<A, B, C, D> of(A first, B second, C third, D fourth) {
        return new Quadruple<>(first, second, third, fourth);
    }

    /** Returns {@code (first,second,third,fourth)}. */
    @Override
    public String toString() {
        return "(" + first + "," + second + "," + third + "," + fourth + ")";
    }
}
