package dev.sluice.kernel;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training kernel's client: it answers through real loopback sockets, and a cell that fails fails the training. */
class KernelTrainingTest {
    @Test
    void aTrainingSucceedsOnlyWhenEveryCellIsAnsweredOk() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = KernelTraining.run(List.of("int x = 20;", "x + 1"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        assertEquals("trained: 2 cells answered", out.toString(StandardCharsets.UTF_8).strip());

        out.reset();
        status = KernelTraining.run(List.of("1 + 1", "undefinedName + 1", "2 + 2"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, status);
        String said = err.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("did not answer cell undefinedName + 1 with ok"), said);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
}
