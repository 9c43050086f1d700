package dev.sluice.engine.rdd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class ValueListTest {

    /** Sizes around every chunk boundary up to past the largest chunk. */
    private static final int[] SIZES = {0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 100,
            ValueList.MAX_CHUNK - 1, ValueList.MAX_CHUNK, ValueList.MAX_CHUNK + 1, 3 * ValueList.MAX_CHUNK + 7};

    private static ValueList<Integer> filled(int n, int from) {
        ValueList<Integer> l = new ValueList<>();
        for (int i = 0; i < n; i++) {
            l.add(from + i);
        }
        return l;
    }

    private static List<Integer> expected(int n, int from) {
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(from + i);
        }
        return l;
    }

    @Test
    void readsBackWhatWasAddedInOrderAcrossChunks() {
        for (int n : SIZES) {
            ValueList<Integer> l = filled(n, 0);
            List<Integer> want = expected(n, 0);
            assertEquals(n, l.size());
            assertEquals(want, new ArrayList<>(l), "iterator, n=" + n);
            List<Integer> each = new ArrayList<>();
            l.forEach(each::add);
            assertEquals(want, each, "forEach, n=" + n);
            assertArrayEquals(want.toArray(), l.toArray(), "toArray, n=" + n);
            for (int i = 0; i < n; i += Math.max(1, n / 50)) {
                assertEquals(i, l.get(i), "get(" + i + "), n=" + n);
            }
            if (n > 0) {
                assertEquals(n - 1, l.get(n - 1));
            }
            assertEquals(want, l);
            assertEquals(want.hashCode(), l.hashCode());
        }
    }

    @Test
    void aRangeAppendedByIndexFollowsWhatWasAlreadyThere() {
        for (int n : SIZES) {
            List<Integer> source = expected(n + 10, 100);
            ValueList<Integer> l = filled(3, 0);

            l.addRange(source, 5, 5 + n);

            List<Integer> want = expected(3, 0);
            want.addAll(source.subList(5, 5 + n));
            assertEquals(want, l, "range of " + n);
            assertEquals(want, new ArrayList<>(l), "iterated range of " + n);
        }
    }

    @Test
    void keepsNullsAndRejectsIndexesOutsideTheList() {
        ValueList<String> l = new ValueList<>();
        l.add(null);
        l.add("b");
        assertEquals(java.util.Arrays.asList(null, "b"), l);
        assertThrows(IndexOutOfBoundsException.class, () -> l.get(2));
        assertThrows(IndexOutOfBoundsException.class, () -> l.get(-1));
        Iterator<String> it = l.iterator();
        it.next();
        it.next();
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
    }

    @Test
    void concatenationIsANewListAndLeavesBothInputsAsTheyWere() {
        for (int a : new int[] {0, 1, 5, 33, ValueList.MAX_CHUNK + 3}) {
            for (int b : new int[] {0, 2, 17, 1000}) {
                ValueList<Integer> left = filled(a, 0);
                ValueList<Integer> right = filled(b, a);
                ValueList<Integer> both = ValueList.concat(left, right);
                assertEquals(expected(a + b, 0), both, a + "+" + b);
                both.add(-1);
                left.add(-2);
                assertEquals(a + b + 1, both.size());
                assertEquals(-1, both.get(a + b));
                assertEquals(a + 1, left.size());
                assertEquals(expected(b, a), right);
            }
        }
        assertEquals(List.of(1, 2, 3), ValueList.concat(List.of(1), new ArrayList<>(List.of(2, 3))));
    }

    @Test
    void onlyAddChangesTheList() {
        ValueList<Integer> l = filled(3, 0);
        assertThrows(UnsupportedOperationException.class, () -> l.set(0, 9));
        assertThrows(UnsupportedOperationException.class, () -> l.remove(0));
        assertThrows(UnsupportedOperationException.class, l::clear);
        assertEquals(List.of(0, 1, 2), l);
    }

    @Test
    void serializesAsAnArrayListWithTheSameValues() throws Exception {
        ValueList<Integer> l = filled(40, 7);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(l);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            Object back = in.readObject();
            assertInstanceOf(ArrayList.class, back);
            assertEquals(expected(40, 7), back);
        }
    }
}
