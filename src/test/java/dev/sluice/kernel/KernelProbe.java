package dev.sluice.kernel;

import dev.sluice.session.SessionOptions;
import io.github.spencerpark.jupyter.messages.Header;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.request.ExecuteRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A kernel on a manual clock that records what it publishes, for tests of notebook output. */
final class KernelProbe implements AutoCloseable {
    final List<Message<?>> published = new CopyOnWriteArrayList<>();
    private final Object arrivals = new Object();
    final SluiceKernel kernel;

    KernelProbe() {
        SessionOptions options = SessionOptions.builder().manualClock(true).parallelism(2)
                .batchInterval(Duration.ofSeconds(1)).build();
        kernel = SluiceKernel.start(options, new Publisher(m -> {
            published.add(m);
            synchronized (arrivals) {
                arrivals.notifyAll();
            }
        }));
    }

    /** Runs a cell; fails unless it replied ok. Returns the request's message id. */
    String run(String code) {
        Message<ExecuteRequest> request = new Message<>(List.of(), new Header<>(MessageType.EXECUTE_REQUEST), null, null,
                new ExecuteRequest(code, false, true, Map.of(), false, true), null);
        List<Message<?>> replies = new ArrayList<>();
        kernel.handle(request, replies::add);
        @SuppressWarnings("unchecked")
        Map<String, Object> reply = (Map<String, Object>) replies.get(0).getContent();
        assertEquals("ok", reply.get("status"), () -> "cell failed: " + code + "\n" + reply + "\n" + errors(request.getHeader().getId()));
        return request.getHeader().getId();
    }

    private String errors(String id) {
        return contents(m -> parentId(m).equals(id) && type(m).equals("error")).toString();
    }

    static String type(Message<?> m) {
        return m.getHeader().getType().getName();
    }

    static String parentId(Message<?> m) {
        return m.hasParentHeader() ? m.getParentHeader().getId() : "";
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> contents(Predicate<Message<?>> filter) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Message<?> m : published) {
            if (filter.test(m)) out.add((Map<String, Object>) m.getContent());
        }
        return out;
    }

    /** Messages of {@code type} published under the cell {@code cellId}. */
    List<Map<String, Object>> of(String cellId, String type) {
        return contents(m -> parentId(m).equals(cellId) && type(m).equals(type));
    }

    /** Display messages (new or update) carrying display id {@code id}, in order. */
    List<Map<String, Object>> displays(String id) {
        return contents(m -> (type(m).equals("display_data") || type(m).equals("update_display_data")) && id.equals(displayId(m)));
    }

    @SuppressWarnings("unchecked")
    static String displayId(Message<?> m) {
        Object t = ((Map<String, Object>) m.getContent()).get("transient");
        return t instanceof Map<?, ?> map ? (String) map.get("display_id") : null;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> data(Map<String, Object> content) {
        return (Map<String, Object>) content.get("data");
    }

    /** The text/plain of the cell's execute_result. */
    String result(String cellId) {
        return String.valueOf(data(of(cellId, "execute_result").get(0)).get("text/plain"));
    }

    /** Waits (bounded) until a published message satisfies the condition. */
    void await(Predicate<Message<?>> condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        synchronized (arrivals) {
            while (published.stream().noneMatch(condition)) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) throw new AssertionError("timed out waiting for " + what);
                try {
                    arrivals.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted waiting for " + what);
                }
            }
        }
    }

    @Override
    public void close() {
        kernel.shutdown(false);
    }
}
