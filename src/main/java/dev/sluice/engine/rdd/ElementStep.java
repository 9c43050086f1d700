package dev.sluice.engine.rdd;

import dev.sluice.streaming.FilterFunction;
import dev.sluice.streaming.FlatMapFunction;
import dev.sluice.streaming.MapFunction;
import java.util.Iterator;

/**
 * A transformation that looks at one element at a time (map, flatMap, filter), in both forms a
 * task may run it: pulled through an {@code Iterator}, or pushed into a {@link Sink}. A task that
 * consumes a whole partition (a shuffle's map side) pushes, so that a chain of steps runs as one
 * loop of nested calls instead of one iterator per step asked for every element. Both forms call
 * the user's function once per element, in order, and wrap what it throws the same way.
 *
 * <p>Serializable with the user's function it holds, so that a runner can apply it where a
 * cluster's partitions live.
 */
public abstract class ElementStep<T, U> implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private ElementStep() {
    }

    /** Returns the step applied lazily to {@code in}. */
    abstract Iterator<U> pull(Iterator<T> in);

    /** Returns a sink that applies the step to each element it takes and passes the results to {@code down}. */
    abstract Sink<T> into(Sink<? super U> down);

    /** Returns {@code f} applied to each element. */
    public static <T, U> ElementStep<T, U> map(MapFunction<? super T, ? extends U> f) {
        return new ElementStep<>() {
            @Override
            Iterator<U> pull(Iterator<T> in) {
                return Iterators.map(in, f);
            }

            @Override
            Sink<T> into(Sink<? super U> down) {
                return new Sink<>() {
                    @Override
                    public void accept(T value) throws Exception {
                        U out;
                        try {
                            out = f.call(value);
                        } catch (Exception e) {
                            throw UserFunctionException.wrap(e);
                        }
                        down.accept(out);
                    }
                };
            }
        };
    }

    /** Returns the elements of {@code f}'s result for each element, in order; a null result adds none. */
    public static <T, U> ElementStep<T, U> flatMap(FlatMapFunction<? super T, ? extends U> f) {
        return new ElementStep<>() {
            @Override
            Iterator<U> pull(Iterator<T> in) {
                return Iterators.flatMap(in, f);
            }

            @Override
            Sink<T> into(Sink<? super U> down) {
                return new Sink<>() {
                    @Override
                    public void accept(T value) throws Exception {
                        Iterable<? extends U> out;
                        try {
                            out = f.call(value);
                        } catch (Exception e) {
                            throw UserFunctionException.wrap(e);
                        }
                        if (out != null) {
                            for (U u : out) {
                                down.accept(u);
                            }
                        }
                    }
                };
            }
        };
    }

    /** Returns the elements for which {@code f} is true. */
    public static <T> ElementStep<T, T> filter(FilterFunction<? super T> f) {
        return new ElementStep<>() {
            @Override
            Iterator<T> pull(Iterator<T> in) {
                return Iterators.filter(in, f);
            }

            @Override
            Sink<T> into(Sink<? super T> down) {
                return new Sink<>() {
                    @Override
                    public void accept(T value) throws Exception {
                        boolean keep;
                        try {
                            keep = f.call(value);
                        } catch (Exception e) {
                            throw UserFunctionException.wrap(e);
                        }
                        if (keep) {
                            down.accept(value);
                        }
                    }
                };
            }
        };
    }
}
