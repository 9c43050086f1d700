package dev.sluice.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class PublisherTest {

    @Test
    void everyMessageHasAnIdOfItsOwnFromAnyThread() throws Exception {
        List<Message<?>> sent = new ArrayList<>();
        Publisher publisher = new Publisher(m -> {
            synchronized (sent) {
                sent.add(m);
            }
        });
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 500; i++) {
                    publisher.status(null, "busy");
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        Message<?> request = new Message<>(List.of(), null, null, Map.of(), Map.of(), null);
        assertEquals(2000, sent.size());
        Set<String> ids = new HashSet<>();
        for (Message<?> m : sent) {
            assertEquals(publisher.session(), m.getHeader().getSessionId());
            assertTrue(m.getHeader().getId().startsWith(publisher.session() + "_"), m.getHeader().getId());
            ids.add(m.getHeader().getId());
        }
        assertEquals(2000, ids.size(), "no id given twice");
        assertTrue(!ids.contains(publisher.reply(request, MessageType.KERNEL_INFO_REPLY, Map.of()).getHeader().getId()),
                "replies are numbered with the rest");
    }
}
