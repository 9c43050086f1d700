package dev.sluice.spark;

import dev.sluice.streaming.Pair;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaPairDStream;
import scala.Tuple2;

/**
 * One translated stream: Spark's stream of the same elements, seen as elements (pairs as Sluice
 * {@link Pair}s, what user functions receive) or as Spark pairs ({@link Tuple2}, what Spark's keyed
 * operators need). A translator gives whichever view it computed; the other is made once, on demand.
 */
final class Dataset {

    private final boolean pair;
    private JavaDStream<Object> elements;
    private JavaPairDStream<Object, Object> pairs;
    /** Which view a translator made; the other is Spark's stream over it. */
    private final Made made;

    private enum Made { ELEMENTS, PAIRS }

    private Dataset(boolean pair, JavaDStream<Object> elements, JavaPairDStream<Object, Object> pairs) {
        this.pair = pair;
        this.elements = elements;
        this.pairs = pairs;
        this.made = pairs != null ? Made.PAIRS : Made.ELEMENTS;
    }

    /** A stream of elements; {@code pair}: its elements are {@link Pair}s. */
    @SuppressWarnings("unchecked")
    static Dataset ofElements(JavaDStream<?> elements, boolean pair) {
        return new Dataset(pair, (JavaDStream<Object>) elements, null);
    }

    /** A keyed stream held as Spark pairs. */
    @SuppressWarnings("unchecked")
    static Dataset ofPairs(JavaPairDStream<?, ?> pairs) {
        return new Dataset(true, null, (JavaPairDStream<Object, Object>) pairs);
    }

    /** Keeps each batch of the stream in memory once computed (Spark's own stream of the view it was made as). */
    void cache() {
        if (made == Made.PAIRS) {
            pairs.cache();
        } else {
            elements.cache();
        }
    }

    /** Has Spark checkpoint the stream's batches every {@code interval} (its own stream of the view it was made as). */
    void checkpoint(org.apache.spark.streaming.Duration interval) {
        if (made == Made.PAIRS) {
            pairs.checkpoint(interval);
        } else {
            elements.checkpoint(interval);
        }
    }

    /** Returns true if the stream's elements are pairs. */
    boolean isPair() {
        return pair;
    }

    /**
     * Returns true if the element view is Spark's one-to-one map of the pair view (the stream was
     * made as pairs): each batch of {@link #elements()} then has the pair batch as its only parent,
     * with as many elements.
     */
    boolean elementsMapPairs() {
        return made == Made.PAIRS;
    }

    /** Returns the stream's elements as user code sees them (pairs as {@link Pair}). */
    JavaDStream<Object> elements() {
        if (elements == null) {
            elements = pairs.map(Dataset::toPair);
        }
        return elements;
    }

    /** Returns the stream as Spark pairs; its elements must be {@link Pair}s. */
    JavaPairDStream<Object, Object> pairs() {
        if (pairs == null) {
            pairs = elements.mapToPair(Dataset::toTuple);
        }
        return pairs;
    }

    static Object toPair(Tuple2<Object, Object> t) {
        return new Pair<>(t._1(), t._2());
    }

    @SuppressWarnings("unchecked")
    static Tuple2<Object, Object> toTuple(Object element) {
        if (!(element instanceof Pair<?, ?> p)) {
            throw new ClassCastException("a keyed operation needs pairs (dev.sluice.streaming.Pair), got "
                    + (element == null ? "null" : element.getClass().getName()) + ": " + element);
        }
        return new Tuple2<>(p.key(), p.value());
    }
}
