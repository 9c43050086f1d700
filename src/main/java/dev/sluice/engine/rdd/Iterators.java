package dev.sluice.engine.rdd;

import dev.sluice.streaming.FilterFunction;
import dev.sluice.streaming.FlatMapFunction;
import dev.sluice.streaming.MapFunction;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** Lazy element-wise iterators over user functions; exceptions leave as {@link UserFunctionException}. */
public final class Iterators {

    private Iterators() {
    }

    /** Returns {@code f} applied to each element. */
    public static <T, R> Iterator<R> map(Iterator<T> in, MapFunction<? super T, ? extends R> f) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return in.hasNext();
            }

            @Override
            public R next() {
                T value = in.next();
                try {
                    return f.call(value);
                } catch (Exception e) {
                    throw UserFunctionException.wrap(e);
                }
            }
        };
    }

    /** Returns the elements of {@code f}'s result for each element, in order. */
    public static <T, R> Iterator<R> flatMap(Iterator<T> in, FlatMapFunction<? super T, ? extends R> f) {
        return new Iterator<>() {
            private Iterator<? extends R> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext()) {
                    if (!in.hasNext()) {
                        return false;
                    }
                    T value = in.next();
                    try {
                        Iterable<? extends R> out = f.call(value);
                        current = out == null ? Collections.emptyIterator() : out.iterator();
                    } catch (Exception e) {
                        throw UserFunctionException.wrap(e);
                    }
                }
                return true;
            }

            @Override
            public R next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** Returns the elements for which {@code f} is true. */
    public static <T> Iterator<T> filter(Iterator<T> in, FilterFunction<? super T> f) {
        return new Iterator<>() {
            private T next;
            private boolean ready;

            @Override
            public boolean hasNext() {
                while (!ready && in.hasNext()) {
                    T value = in.next();
                    try {
                        if (f.call(value)) {
                            next = value;
                            ready = true;
                        }
                    } catch (Exception e) {
                        throw UserFunctionException.wrap(e);
                    }
                }
                return ready;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ready = false;
                T value = next;
                next = null;
                return value;
            }
        };
    }
}
