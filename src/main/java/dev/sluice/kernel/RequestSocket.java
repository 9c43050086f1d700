package dev.sluice.kernel;

import io.github.spencerpark.jupyter.channels.JupyterSocket;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.messages.HMACGenerator;
import io.github.spencerpark.jupyter.messages.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import java.util.function.BiConsumer;

/**
 * Receives messages on one ROUTER socket (shell, control, or stdin for input replies) and hands each to a handler on the
 * socket's own thread, waking as soon as a message arrives instead of sleeping between polls.
 *
 * <p>Messages are read by a {@link WireReader}, which drops a malformed, wrongly signed, replayed or
 * oversized message alone.
 *
 * <p>Threading: {@link #start} runs one receive thread; the handler is called only on that
 * thread, one message at a time. {@link #send} may be called from any thread.
 */
final class RequestSocket extends JupyterSocket {
    private static final Logger log = LoggerFactory.getLogger(RequestSocket.class);
    private static final long WAKE_CHECK_MS = 200;

    private final String name;
    private final WireReader reader;
    private volatile boolean running;
    private Thread thread;

    RequestSocket(ZMQ.Context context, HMACGenerator hmac, WireReader reader, String name) {
        super(context, SocketType.ROUTER, hmac, java.util.logging.Logger.getLogger("Sluice." + name));
        this.name = name;
        this.reader = reader;
        reader.limit(this);
    }

    @Override
    public void bind(KernelConnectionProperties props) {
        int port = switch (name) {
            case "control" -> props.getControlPort();
            case "stdin" -> props.getStdinPort();
            default -> props.getShellPort();
        };
        super.bind(props.getTransport() + "://" + props.getIp() + ":" + port);
    }

    /** Starts the receive thread; {@code handler} gets this socket and each request. */
    void start(BiConsumer<RequestSocket, Message<?>> handler) {
        ZMQ.Poller poller = ctx.poller(1);
        poller.register(this, ZMQ.Poller.POLLIN);
        running = true;
        thread = new Thread(() -> {
            while (running) {
                int ready;
                try {
                    ready = poller.poll(WAKE_CHECK_MS);
                } catch (RuntimeException e) {
                    if (running) log.warn("{} socket poll failed", name, e);
                    break;
                }
                if (ready <= 0 || !running) continue;
                Message<?> message;
                try {
                    message = read();
                } catch (RuntimeException e) {
                    log.warn("{} socket dropped an unreadable message: {}", name, e.toString());
                    continue;
                }
                if (message == null) continue;
                try {
                    handler.accept(this, message);
                } catch (RuntimeException e) {
                    log.error("{} handler failed on {}", name, message.getHeader().getType(), e);
                }
            }
            poller.close();
        }, "sluice-kernel-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Reads at most one request that is already waiting, without blocking; null when none. */
    Message<?> pollNow(long timeoutMs) {
        ZMQ.Poller poller = ctx.poller(1);
        try {
            poller.register(this, ZMQ.Poller.POLLIN);
            if (poller.poll(timeoutMs) <= 0) return null;
            return read();
        } finally {
            poller.close();
        }
    }

    /**
     * Reads the waiting message by the wire protocol (all of its frames, never those of the next
     * message); null when it was dropped. Synchronized with {@link #sendMessage}, as the socket is
     * not thread-safe.
     */
    private synchronized Message<?> read() {
        if (closed) return null;
        return reader.read(this, name);
    }

    /** Sends a reply; safe from any thread. */
    void send(Message<?> message) {
        sendMessage(message);
    }

    /** Stops the receive thread, waiting a bounded time for it to finish the current message. */
    void stop() {
        running = false;
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(2 * WAKE_CHECK_MS + 100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
