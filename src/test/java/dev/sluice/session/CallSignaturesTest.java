package dev.sluice.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CallSignaturesTest {

    private static final String WINDOW =
            "PairDStream<K,V> PairDStream<K, V>.reduceByKeyAndWindow(ReduceFunction<V> f, Duration length, Duration slide)";

    @Test
    void parametersAreSplitAtTheTopLevelCommasOnly() {
        assertEquals(List.of("ReduceFunction<V> f", "Duration length", "Duration slide"), CallSignatures.parameters(WINDOW));
        assertEquals(List.of("FilterFunction<Pair<K,V>> filter", "int[] sizes", "String... rest"),
                CallSignatures.parameters("X T.m(FilterFunction<Pair<K,V>> filter, int[] sizes, String... rest)"));
        assertEquals(List.of(), CallSignatures.parameters("DStream<Long> DStream<T>.count()"));
        assertEquals(List.of(), CallSignatures.parameters("class Foo"));
        assertEquals(List.of("long millis"), CallSignatures.parameters("void Thread.sleep(long millis) throws InterruptedException"));
    }

    @Test
    void remainingIsWhatIsLeftToWriteFromTheCursorsArgument() {
        assertEquals("ReduceFunction<V> f, Duration length, Duration slide", CallSignatures.remaining(WINDOW, 0));
        assertEquals("Duration length, Duration slide", CallSignatures.remaining(WINDOW, 1));
        assertEquals("Duration slide", CallSignatures.remaining(WINDOW, 2));
        assertEquals(")", CallSignatures.remaining("DStream<Long> DStream<T>.count()", 0));
        assertEquals("Object... args", CallSignatures.remaining("String String.format(String format, Object... args)", 3));
    }

    @Test
    void aSignatureFitsAnArgumentItHasRoomFor() {
        assertTrue(CallSignatures.fits(WINDOW, 2));
        assertFalse(CallSignatures.fits(WINDOW, 3));
        assertTrue(CallSignatures.fits("DStream<Long> DStream<T>.count()", 0), "every signature fits right after the parenthesis");
        assertTrue(CallSignatures.fits("String String.format(String format, Object... args)", 5));
        assertThrows(IllegalArgumentException.class, () -> new CallSignatures(0, List.of()));
    }

    @Test
    void theEnclosingCallIsFoundPastNestedCallsLambdasAndLiterals() {
        String code = "pairs.reduceByKeyAndWindow((a, b) -> a + b, ";
        assertArrayEquals(new int[] {26, 1}, CursorHelp.enclosingCall(code, 0, code.length()));
        String nested = "ssc.socketTextStream(host(\"a,(\"), ";
        assertArrayEquals(new int[] {20, 1}, CursorHelp.enclosingCall(nested, 0, nested.length()));
        String inner = "ssc.socketTextStream(Math.max(1, ";
        assertArrayEquals(new int[] {29, 1}, CursorHelp.enclosingCall(inner, 0, inner.length()));
        String block = "words.foreachRDD(rdd -> { rdd.take(";
        assertArrayEquals(new int[] {34, 0}, CursorHelp.enclosingCall(block, 0, block.length()));
        String comment = "f(1, /* g(, */ ";
        assertArrayEquals(new int[] {1, 1}, CursorHelp.enclosingCall(comment, 0, comment.length()));
        assertNull(CursorHelp.enclosingCall("if (", 0, 4));
        assertNull(CursorHelp.enclosingCall("int x = (", 0, 9), "a parenthesized expression is no call");
        assertNull(CursorHelp.enclosingCall("f(\"a, ", 0, 6), "the cursor is in a string");
        assertNull(CursorHelp.enclosingCall("f(x)", 0, 4), "the call is closed");
        assertNull(CursorHelp.enclosingCall("int[] a = {", 0, 11));
    }
}
