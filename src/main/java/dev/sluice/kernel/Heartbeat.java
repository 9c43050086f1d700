package dev.sluice.kernel;

import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/** Echoes heartbeat pings on the hb socket from its own thread, as soon as each arrives. */
final class Heartbeat {
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final ZMQ.Socket socket;
    private volatile boolean running;
    private volatile long lastPingNanos = Long.MIN_VALUE;
    private Thread thread;

    Heartbeat(ZMQ.Context context) {
        this.socket = context.socket(SocketType.REP);
    }

    void bind(KernelConnectionProperties props) {
        socket.bind(props.getTransport() + "://" + props.getIp() + ":" + props.getHbPort());
        socket.setReceiveTimeOut(200);
    }

    void start() {
        running = true;
        thread = new Thread(() -> {
            while (running) {
                try {
                    byte[] ping = socket.recv();
                    if (ping != null) {
                        lastPingNanos = System.nanoTime();
                        socket.send(ping);
                    }
                } catch (RuntimeException e) {
                    if (running) log.warn("heartbeat failed", e);
                    return;
                }
            }
        }, "sluice-kernel-heartbeat");
        thread.setDaemon(true);
        thread.start();
    }

    /** When the last ping arrived ({@link System#nanoTime} scale), or {@code Long.MIN_VALUE} before the first. */
    long lastPingNanos() {
        return lastPingNanos;
    }

    void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        socket.close();
    }
}
