package dev.sluice.display;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void showsValuesAsTheShellDoes() {
        assertEquals("\"a\\\"b\\n\"", Values.show("a\"b\n"));
        assertEquals("'x'", Values.show('x'));
        assertEquals("null", Values.show(null));
        assertEquals("[1, 2]", Values.show(new int[] {1, 2}));
        assertEquals("[[a], [b, c]]", Values.show(new String[][] {{"a"}, {"b", "c"}}));
        assertEquals("[1, 2]", Values.show(List.of(1, 2)));
        assertEquals("42", Values.show(42));
    }

    @Test
    void aFailingToStringDoesNotFailTheDisplay() {
        Object broken = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("nope");
            }
        };
        assertEquals(true, Values.show(broken).contains("toString failed"));
    }
}
