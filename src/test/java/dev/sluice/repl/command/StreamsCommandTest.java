package dev.sluice.repl.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.streaming.ReceiverInfo;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamsCommandTest {

    @Test
    void receiversShowTheirStateCountsRatesAndLastErrorWithoutRepeatingTheirName() {
        List<ReceiverInfo> receivers = List.of(
                new ReceiverInfo(1, "socket 127.0.0.1:9", false,
                        Optional.of("Receiver socket 127.0.0.1:9: cannot connect to 127.0.0.1:9 (Connection refused)"), 0, 0),
                new ReceiverInfo(2, "acking-lines", true, Optional.empty(), 1200, 40.4, 7, 1000));
        assertEquals(String.join("\n",
                "receiver           | state       | records | dropped | rate/s | limit/s | last error",
                "-------------------+-------------+---------+---------+--------+---------+-"
                        + "-".repeat("cannot connect to 127.0.0.1:9 (Connection refused)".length()),
                "socket 127.0.0.1:9 | not running | 0       | 0       | 0      | none    | cannot connect to 127.0.0.1:9 (Connection refused)",
                "acking-lines       | running     | 1200    | 7       | 40     | 1000    | -"),
                StreamsCommand.receivers(receivers).render());
    }

    @Test
    void noReceiversNoRows() {
        assertEquals(0, StreamsCommand.receivers(List.of()).size());
    }
}
