package dev.sluice.sources;

import dev.sluice.streaming.Receiver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The connection life of a receiver that reads lines from a TCP server: one reading thread per
 * start, a session token so that a thread left over from an earlier start stops by itself,
 * closing the socket on stop, and a reported restart (with the context's backoff) when the
 * connection cannot be made, fails, or is closed by the server. Subclasses read one connection.
 * Serializable (the connection is transient), so the Spark runner can run it on an executor.
 */
abstract class TcpLineReceiver extends Receiver<String> implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private static final int CONNECT_TIMEOUT_MS = 5_000;

    /** The server's host. */
    final String host;
    /** The server's port. */
    final int port;
    private final String threadPrefix;
    private transient volatile Object session;
    private transient volatile Socket socket;

    TcpLineReceiver(String host, int port, String threadPrefix) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        this.host = host;
        this.port = port;
        this.threadPrefix = threadPrefix;
    }

    /**
     * Reads the connected socket {@code s} until the server closes it or {@link #current} turns
     * false; the caller closes the socket.
     */
    abstract void read(Socket s, Object token) throws IOException;

    @Override
    public void onStart() {
        Object token = new Object();
        session = token;
        Thread t = new Thread(() -> receive(token), threadPrefix + "-" + host + ":" + port);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void onStop() {
        session = null;
        Socket s = socket;
        if (s != null) {
            closeQuietly(s);
        }
    }

    /** Whether the thread holding {@code token} is the receiver's current one and should go on. */
    final boolean current(Object token) {
        return session == token && !isStopped();
    }

    private void receive(Object token) {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
        } catch (IOException e) {
            closeQuietly(s);
            if (current(token)) {
                restart("cannot connect to " + host + ":" + port + " (" + e.getMessage() + "); is a server listening there?"
                        + " Retrying", e);
            }
            return;
        }
        socket = s;
        if (!current(token)) {
            closeQuietly(s);
            return;
        }
        try (s) {
            read(s, token);
            if (current(token)) {
                restart("the server at " + host + ":" + port + " closed the connection; reconnecting");
            }
        } catch (IOException e) {
            if (current(token)) {
                restart("the connection to " + host + ":" + port + " failed; reconnecting", e);
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing only
        }
    }
}
