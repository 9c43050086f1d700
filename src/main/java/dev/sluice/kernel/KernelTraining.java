package dev.sluice.kernel;

import dev.sluice.session.SessionOptions;
import io.github.spencerpark.jupyter.channels.JupyterSocket;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.messages.HMACGenerator;
import io.github.spencerpark.jupyter.messages.Header;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.request.CompleteRequest;
import io.github.spencerpark.jupyter.messages.request.ExecuteRequest;
import io.github.spencerpark.jupyter.messages.request.InspectRequest;
import io.github.spencerpark.jupyter.messages.request.KernelInfoRequest;
import io.github.spencerpark.jupyter.messages.request.ShutdownRequest;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code --kernel-training}: serves a kernel on loopback and drives it, in the same process, through
 * its sockets with the requests of a short notebook (cells that declare, evaluate, print and
 * run a stream on a manual clock; a completion and an inspection; then a shutdown). Run by
 * {@link KernelSpecInstaller} under {@code -XX:ArchiveClassesAtExit}, so that the kernelspec's
 * class-data archive holds the classes a kernel loads to answer its first cells: the JDK's,
 * JShell's and its compiler's, ZeroMQ's and Sluice's. Exits 0 when every request was answered
 * {@code ok}, 1 otherwise (saying which one failed).
 */
final class KernelTraining {
    /** How long one request may take (the first cell compiles with a cold compiler). */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /** The cells, in order; each must reply ok. */
    static final List<String> CELLS = List.of(
            "1 + 1",
            "int x = 3;",
            "x * 2",
            "String greeting = \"hello\"; greeting.length()",
            "var words = List.of(\"a\", \"bb\", \"a\", \"ccc\");",
            "words.stream().collect(Collectors.groupingBy(w -> w, Collectors.counting()))",
            "int twice(int n) { return 2 * n; }",
            "twice(x)",
            "record Point(int x, int y) {}",
            "new Point(1, 2)",
            "System.out.println(\"printed\");",
            "var queue = new ArrayDeque<List<String>>(List.of(List.of(\"a b\", \"b c\")));",
            "var counts = ssc.queueStream(queue).flatMap(l -> Arrays.asList(l.split(\" \")))"
                    + ".mapToPair(w -> Pair.of(w, 1)).reduceByKey(Integer::sum);",
            "counts.print();",
            "ssc.start();",
            "long t = ssc.batchInterval().toMillis(); ((ManualClock) ssc.clock()).setTime(t);"
                    + " ssc.awaitBatch(new Time(t), Duration.ofSeconds(30))");

    private KernelTraining() {
    }

    /** Runs the training; returns the process exit status. */
    static int run(PrintStream out, PrintStream err) {
        return run(CELLS, out, err);
    }

    /** Runs a training with {@code cells}; returns 0 when each was answered ok, else 1. */
    static int run(List<String> cells, PrintStream out, PrintStream err) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("sluice-kernel-training");
            String key = UUID.randomUUID().toString();
            KernelConnectionProperties props = new KernelConnectionProperties("127.0.0.1", freePort(), freePort(), freePort(),
                    freePort(), freePort(), "tcp", "hmac-sha256", key);
            Path connectionFile = dir.resolve("connection.json");
            Files.writeString(connectionFile, props.toJsonString(), StandardCharsets.UTF_8);
            SessionOptions options = SessionOptions.builder().manualClock(true).parallelism(2).build();
            AtomicInteger status = new AtomicInteger(-1);
            Thread server = new Thread(() -> {
                try {
                    status.set(KernelServer.run(connectionFile, options, WireReader.DEFAULT_MAX_MESSAGE_BYTES));
                } catch (IOException | RuntimeException e) {
                    err.println("sluice: the training kernel failed: " + e);
                    status.set(1);
                }
            }, "sluice-training-kernel");
            server.setDaemon(true);
            server.start();
            String failure = drive(props, cells);
            server.join(REQUEST_TIMEOUT.toMillis());
            if (failure != null) {
                err.println("sluice: the training kernel " + failure);
                return 1;
            }
            if (server.isAlive() || status.get() != 0) {
                err.println("sluice: the training kernel did not stop after its shutdown request");
                return 1;
            }
            out.println("trained: " + cells.size() + " cells answered");
            return 0;
        } catch (IOException | GeneralSecurityException e) {
            err.println("sluice: cannot run the training kernel: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            if (dir != null) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) Files.deleteIfExists(f);
                    Files.deleteIfExists(dir);
                } catch (IOException e) {
                    // a temporary directory left behind
                }
            }
        }
    }

    /** Sends the requests; returns null when all were answered as expected, else what went wrong. */
    private static String drive(KernelConnectionProperties props, List<String> cells) throws GeneralSecurityException {
        HMACGenerator hmac = props.createHMACGenerator();
        ZMQ.Context context = ZMQ.context(1);
        ClientSocket shell = new ClientSocket(context, hmac, props.getShellPort());
        ClientSocket control = new ClientSocket(context, hmac, props.getControlPort());
        try {
            // the kernel binds its sockets before it opens the session: the first reply waits for both
            String failure = request(shell, new Message<>(List.of(), new Header<>(MessageType.KERNEL_INFO_REQUEST), null, null,
                    new KernelInfoRequest(), null), "kernel_info");
            for (int i = 0; failure == null && i < cells.size(); i++) {
                String cell = cells.get(i);
                Message<ExecuteRequest> execute = new Message<>(List.of(), new Header<>(MessageType.EXECUTE_REQUEST), null, null,
                        new ExecuteRequest(cell, false, true, Map.of(), false, true), null);
                failure = request(shell, execute, "cell " + cell);
            }
            if (failure == null) {
                failure = request(shell, new Message<>(List.of(), new Header<>(MessageType.COMPLETE_REQUEST), null, null,
                        new CompleteRequest("greeting.len", 12), null), "completion");
            }
            if (failure == null) {
                failure = request(shell, new Message<>(List.of(), new Header<>(MessageType.INSPECT_REQUEST), null, null,
                        new InspectRequest("List.of(1)", 3, 0), null), "inspection");
            }
            String stop = request(control, new Message<>(List.of(), new Header<>(MessageType.SHUTDOWN_REQUEST), null, null,
                    ShutdownRequest.SHUTDOWN, null), "shutdown");
            return failure != null ? failure : stop;
        } finally {
            shell.close();
            control.close();
            context.close();
        }
    }

    /** Sends {@code request} ({@code what}, in a failure) and waits for its reply; null when it came and was not an error, else what went wrong. */
    private static String request(ClientSocket socket, Message<?> request, String what) {
        socket.sendMessage(request);
        while (true) {
            Message<?> reply;
            try {
                reply = socket.readMessage();
            } catch (RuntimeException e) {
                // an error reply, which this client reads as the request's reply type, fails here too
                return "did not answer " + what + " with ok: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString());
            }
            if (reply == null) {
                return "did not answer " + what + " within " + REQUEST_TIMEOUT.toSeconds() + " s";
            }
            if (!reply.hasParentHeader() || !request.getHeader().getId().equals(reply.getParentHeader().getId())) {
                continue;
            }
            return null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The client's end of a kernel's ROUTER socket. */
    private static final class ClientSocket extends JupyterSocket {
        ClientSocket(ZMQ.Context context, HMACGenerator hmac, int port) {
            super(context, SocketType.DEALER, hmac, java.util.logging.Logger.getLogger("Sluice.training"));
            setReceiveTimeOut((int) REQUEST_TIMEOUT.toMillis());
            setLinger(0);
            connect("tcp://127.0.0.1:" + port);
        }

        @Override
        public void bind(KernelConnectionProperties props) {
            throw new UnsupportedOperationException("a client socket connects");
        }
    }
}
