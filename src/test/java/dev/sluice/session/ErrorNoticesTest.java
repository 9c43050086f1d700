package dev.sluice.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ErrorNoticesTest {

    private final List<String> shown = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final ErrorNotices notices = new ErrorNotices(shown::add, now::get);

    @Test
    void aNewMessageIsShownAtOnceAndTheFirstOneExplainsRepeats() {
        notices.onError("Receiver a: cannot connect", null);
        assertEquals(List.of("warning: Receiver a: cannot connect", ErrorNotices.HINT), shown);
        notices.onError("Directory /x of textFileStream does not exist", null);
        assertEquals("warning: Directory /x of textFileStream does not exist", shown.get(2));
        assertEquals(3, shown.size(), "the explanation comes once");
    }

    @Test
    void aRepeatIsHeldBackForAMinuteThenShownWithItsCount() {
        notices.onError("Receiver a: cannot connect", null);
        shown.clear();
        for (int i = 0; i < 5; i++) {
            now.addAndGet(10_000);
            notices.onError("Receiver a: cannot connect", null);
        }
        assertEquals(List.of(), shown, "five repeats within 50 s");
        now.addAndGet(ErrorNotices.REPEAT_AFTER_MS - 50_000);
        notices.onError("Receiver a: cannot connect", null);
        assertEquals(List.of("warning: Receiver a: cannot connect (5 more times since it was last shown)"), shown);
        shown.clear();
        now.addAndGet(ErrorNotices.REPEAT_AFTER_MS);
        notices.onError("Receiver a: cannot connect", null);
        assertEquals(List.of("warning: Receiver a: cannot connect"), shown, "no count when nothing was held back");
    }

    @Test
    void aFailedOutputIsLeftToItsConsoleButAStreamKeptWithoutOutputIsShown() {
        notices.onError("Output 3 (foreachRDD) failed at batch t=2s: java.lang.ArithmeticException: / by zero", null);
        assertEquals(List.of(), shown, "the output's console prints it");
        notices.onError("Stream 2 (updateStateByKey, kept up to date without an output) failed at batch t=2s: x", null);
        assertEquals(List.of("warning: Stream 2 (updateStateByKey, kept up to date without an output) failed at batch t=2s: x",
                ErrorNotices.HINT), shown);
    }

    @Test
    void otherMessagesAreNotHeldBackByARepeatingOne() {
        notices.onError("Receiver a: cannot connect", null);
        notices.onError("Receiver a: cannot connect", null);
        notices.onError("Checkpoint of batch t=5s failed", null);
        notices.onError("Receiver a: cannot connect", null);
        assertEquals(List.of("warning: Receiver a: cannot connect", ErrorNotices.HINT,
                "warning: Checkpoint of batch t=5s failed"), shown);
    }

    @Test
    void onlyTheLatestMessagesAreRemembered() {
        notices.onError("first", null);
        for (int i = 0; i < ErrorNotices.REMEMBERED; i++) {
            notices.onError("Receiver socket 127.0.0.1:" + (9000 + i) + ": cannot connect", null);
        }
        shown.clear();
        notices.onError("first", null);
        assertEquals(List.of("warning: first"), shown, "forgotten, so shown again");
        notices.onError("Receiver socket 127.0.0.1:" + (9000 + ErrorNotices.REMEMBERED - 1) + ": cannot connect", null);
        assertEquals(1, shown.size(), "a recent one is still held back");
    }

    @Test
    void aBatchTimeOrARecordCountDoesNotMakeARepeatNewButAPortDoes() {
        notices.onError("Kafka source k (127.0.0.1:9092): could not define batch t=2s (the next batch retries)", null);
        notices.onError("Receiver r dropped 12 records (12 in all) because unprocessed input filled its buffer", null);
        shown.clear();
        for (int batch = 3; batch <= 7; batch++) {
            now.addAndGet(1_000);
            notices.onError("Kafka source k (127.0.0.1:9092): could not define batch t=" + batch + (batch % 2 == 0 ? "s" : ".500s") + " (the next batch retries)", null);
            notices.onError("Receiver r dropped 5 records (" + (12 + 5 * batch) + " in all) because unprocessed input filled its buffer", null);
        }
        assertEquals(List.of(), shown, "the same failure at every batch is held back");
        notices.onError("Kafka source k (127.0.0.1:9093): could not define batch t=8s (the next batch retries)", null);
        assertEquals(List.of("warning: Kafka source k (127.0.0.1:9093): could not define batch t=8s (the next batch retries)"),
                shown, "another port is another source");
        shown.clear();
        now.addAndGet(ErrorNotices.REPEAT_AFTER_MS);
        notices.onError("Kafka source k (127.0.0.1:9092): could not define batch t=70s (the next batch retries)", null);
        assertEquals(List.of("warning: Kafka source k (127.0.0.1:9092): could not define batch t=70s (the next batch retries)"
                + " (5 more times since it was last shown)"), shown, "shown again after a minute, as it is now, with the count");
    }

    @Test
    void wallClockBatchTimesWithAndWithoutMillisecondsAreBatchTimesToo() {
        notices.onError("Source s failed to take in batch 10:04:21", null);
        shown.clear();
        notices.onError("Source s failed to take in batch 10:04:22", null);
        notices.onError("Source s failed to take in batch 10:04:22.500", null);
        assertEquals(List.of(), shown, "the same failure at later batches is held back");
        notices.onError("Source t failed to take in batch 10:04:23", null);
        assertEquals(List.of("warning: Source t failed to take in batch 10:04:23"), shown, "another source is another message");
    }
}
