package dev.sluice.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SnippetStopsTest {

    @Test
    void onlyTheNamedThreadIsStopped() throws Exception {
        Thread other = new Thread(() -> { });
        SnippetStops.request(other);
        try {
            assertDoesNotThrow(SnippetStops::check, "a thread not being stopped carries on");
        } finally {
            SnippetStops.clear(other);
        }
        SnippetStops.request(Thread.currentThread());
        try {
            Error e = assertThrows(Error.class, SnippetStops::check);
            assertEquals("the snippet was stopped", e.getMessage());
        } finally {
            SnippetStops.clear(Thread.currentThread());
        }
        assertDoesNotThrow(SnippetStops::check, "cleared");
    }

    @Test
    void aClassThatCannotBeReadIsLeftAsItIs() {
        byte[] notAClass = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertArrayEquals(notAClass, SnippetStops.instrument("Broken", notAClass));
    }

    @Test
    void aRequestOutlivesOneThrowAndEndsWithClear() throws Exception {
        CompletableFuture<Integer> throwsCounted = CompletableFuture.supplyAsync(() -> {
            SnippetStops.request(Thread.currentThread());
            int thrown = 0;
            try {
                for (int i = 0; i < 3; i++) {
                    try {
                        SnippetStops.check();
                    } catch (Error e) {
                        thrown++;
                    }
                }
            } finally {
                SnippetStops.clear(Thread.currentThread());
            }
            SnippetStops.check();
            return thrown;
        });
        assertEquals(3, throwsCounted.get(10, TimeUnit.SECONDS));
    }
}
