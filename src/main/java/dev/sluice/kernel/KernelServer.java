package dev.sluice.kernel;

import dev.sluice.session.SessionOptions;
import io.github.spencerpark.jupyter.channels.IOPubChannel;
import io.github.spencerpark.jupyter.channels.JupyterSocket;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.messages.HMACGenerator;
import io.github.spencerpark.jupyter.messages.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

/**
 * Runs the kernel process: binds the Jupyter sockets named in a connection file, opens the
 * session, routes {@code System.out}/{@code System.err} to cells, and serves requests until a
 * shutdown request has stopped the session.
 */
public final class KernelServer {
    private static final Logger log = LoggerFactory.getLogger(KernelServer.class);

    private KernelServer() {
    }

    /**
     * Serves the kernel for {@code connectionFile}, refusing messages larger than
     * {@code maxMessageBytes}; returns the process exit status.
     */
    public static int run(Path connectionFile, SessionOptions options, long maxMessageBytes) throws IOException {
        warnIfArchiveIsStale();
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(connectionFile, StandardCharsets.UTF_8));
        JupyterSocket.JUPYTER_LOGGER.setLevel(Level.WARNING);
        HMACGenerator hmac;
        try {
            hmac = props.createHMACGenerator();
        } catch (GeneralSecurityException e) {
            throw new IOException("the connection file's signature scheme is not usable: " + e.getMessage(), e);
        }

        ZMQ.Context context = ZMQ.context(1);
        Heartbeat heartbeat = new Heartbeat(context);
        WireReader reader = new WireReader(hmac, maxMessageBytes);
        RequestSocket shell = new RequestSocket(context, hmac, reader, "shell");
        RequestSocket control = new RequestSocket(context, hmac, reader, "control");
        RequestSocket stdin = new RequestSocket(context, hmac, reader, "stdin");
        IOPubChannel iopub = new IOPubChannel(context, hmac);
        heartbeat.bind(props);
        shell.bind(props);
        control.bind(props);
        stdin.bind(props);
        iopub.bind(props);
        heartbeat.start();

        Publisher publisher = new Publisher(iopub::sendMessage);
        publisher.status(null, "starting");

        SluiceKernel kernel = SluiceKernel.start(options, publisher);

        kernel.input().connect(stdin::send);
        stdin.start((socket, message) -> {
            if (message.getContent() instanceof io.github.spencerpark.jupyter.messages.reply.InputReply reply) {
                kernel.input().reply(reply.getValue());
            }
        });
        shell.start((socket, message) -> kernel.handle(message, channel(socket)));
        control.start((socket, message) -> kernel.handle(message, channel(socket)));
        log.info("kernel ready on {}:{} (shell port {})", props.getTransport(), props.getIp(), props.getShellPort());
        // A kernel whose Jupyter server died ends by itself instead of running its streams on.
        KernelWatchdog watchdog = KernelWatchdog.ofThisProcess(heartbeat::lastPingNanos);
        watchdog.start(reason -> kernel.shutdown(false));

        try {
            while (!kernel.awaitShutdown(1, TimeUnit.SECONDS)) {
                // serving
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kernel.shutdown(false);
        }
        watchdog.stop();
        shell.stop();
        control.stop();
        stdin.stop();
        heartbeat.stop();
        shell.close();
        control.close();
        stdin.close();
        iopub.close();
        context.close();
        log.info("kernel stopped");
        return 0;
    }

    /**
     * Says in Jupyter's log when the kernelspec's class-data archive is older than the Sluice jar: the
     * JVM then starts without it, silently, and the kernel starts more slowly until the kernelspec
     * is installed again.
     */
    private static void warnIfArchiveIsStale() {
        String archive = System.getProperty(KernelSpecInstaller.CLASS_ARCHIVE_PROPERTY);
        if (archive == null) return;
        try {
            Path jar = Path.of(KernelServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path jsa = Path.of(archive);
            if (Files.isRegularFile(jar) && (!Files.isRegularFile(jsa)
                    || Files.getLastModifiedTime(jar).compareTo(Files.getLastModifiedTime(jsa)) > 0)) {
                log.warn("the kernelspec's class-data archive {} is missing or older than {}, so the kernel starts without it;"
                        + " run launcher/sluice --install-kernel again to write it anew", jsa, jar);
            }
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            log.debug("cannot compare the class-data archive with the jar", e);
        }
    }

    private static SluiceKernel.Channel channel(RequestSocket socket) {
        return new SluiceKernel.Channel() {
            @Override
            public void send(Message<?> reply) {
                socket.send(reply);
            }

            @Override
            public Message<?> nextQueued() {
                return socket.pollNow(10);
            }
        };
    }
}
