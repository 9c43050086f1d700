package dev.sluice.kernel;

import dev.sluice.session.CompileException;
import dev.sluice.session.Completeness;
import dev.sluice.session.Completions;
import dev.sluice.session.ErrorNotices;
import dev.sluice.session.EvalInterruptedException;
import dev.sluice.session.EvalResult;
import dev.sluice.session.EvalRuntimeException;
import dev.sluice.session.IncompleteSourceException;
import dev.sluice.session.Session;
import dev.sluice.session.SessionException;
import dev.sluice.session.SessionOptions;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.messages.Header;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.request.CompleteRequest;
import io.github.spencerpark.jupyter.messages.request.ExecuteRequest;
import io.github.spencerpark.jupyter.messages.request.HistoryRequest;
import io.github.spencerpark.jupyter.messages.request.InspectRequest;
import io.github.spencerpark.jupyter.messages.request.IsCompleteRequest;
import io.github.spencerpark.jupyter.messages.request.ShutdownRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The Sluice Jupyter kernel: translates Jupyter protocol requests into calls on the shared
 * {@link Session} and publishes the results, so a notebook evaluates exactly what the shell does.
 *
 * <p>Differences from the base library's handlers: every reply carries {@code status}; output is
 * published under the parent header of the cell that owns it, also after that cell returned;
 * {@code interrupt_request} stops only the running cell, which replies with an error, and queued
 * cells of a "run all" are aborted.
 *
 * <p>Threading: requests from the shell socket are handled on its thread, one at a time; control
 * requests (interrupt, shutdown) on the control socket's thread, concurrently with a running cell.
 */
public final class SluiceKernel extends BaseKernel {
    private static final Logger log = LoggerFactory.getLogger(SluiceKernel.class);
    private static final String VERSION = "0.1.0";

    /** Where a request came from: replies go back there; queued requests can be taken early. */
    public interface Channel {
        /** Sends a reply to the requester. */
        void send(Message<?> reply);

        /** The next request already waiting on this channel, without blocking; null when none. */
        default Message<?> nextQueued() {
            return null;
        }
    }

    private static final long FLUSH_EVERY_MS = 100;
    private static final long INTERRUPT_PATIENCE_SECONDS = 60;
    private static final long INTERRUPT_REPEAT_MS = 100;
    private static volatile SluiceKernel active;

    private final Session session;
    private final Publisher publisher;
    private final Cells cells;
    private final KernelConsoles consoles;
    private final KernelHistory history = new KernelHistory();
    private final ResultRenderer results;
    private final CursorReplies cursorReplies;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private int executionCount;                 // touched only by the thread handling execute requests
    private volatile boolean shuttingDown;
    private PrintStream originalOut;
    private PrintStream originalErr;
    private java.io.InputStream originalIn;
    private CellInput input;
    private java.util.concurrent.ScheduledExecutorService flusher;

    SluiceKernel(Session session, Publisher publisher, Cells cells, KernelConsoles consoles) {
        this.session = session;
        this.publisher = publisher;
        this.cells = cells;
        this.consoles = consoles;
        this.results = new ResultRenderer();
        this.cursorReplies = new CursorReplies(session);
    }

    /**
     * Opens a session for a kernel that publishes through {@code publisher}: routes
     * {@code System.out}/{@code System.err} to the cell that owns each write, gives the engine a
     * console per cell, imports the notebook helpers and makes this the active kernel.
     */
    public static SluiceKernel start(SessionOptions options, Publisher publisher) {
        Cells cells = new Cells();
        KernelConsoles consoles = new KernelConsoles(cells);
        Session session = Session.open(consoles.configure(options));
        SluiceKernel kernel = new SluiceKernel(session, publisher, cells, consoles);
        kernel.originalOut = System.out;
        kernel.originalErr = System.err;
        PrintStream routedOut = routed(new OutputRouter(consoles::engineStream, cells, false, kernel.originalOut));
        PrintStream routedErr = routed(new OutputRouter(consoles::engineStream, cells, true, kernel.originalErr));
        consoles.setRouted(routedOut, routedErr);
        System.setOut(routedOut);
        System.setErr(routedErr);
        kernel.originalIn = System.in;
        kernel.input = new CellInput(cells, publisher);
        System.setIn(kernel.input);
        kernel.flusher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-kernel-flush");
            t.setDaemon(true);
            return t;
        });
        kernel.flusher.scheduleWithFixedDelay(cells::flushAll, FLUSH_EVERY_MS, FLUSH_EVERY_MS, TimeUnit.MILLISECONDS);
        // Errors outside output jobs (a receiver that cannot connect, a missing directory) are
        // shown in the cell running now, or else in the last cell run.
        session.context().addListener(new ErrorNotices(line -> {
            CellOutput cell = cells.latest();
            (cell != null ? cell.err() : kernel.originalErr).println(line);
        }));
        kernel.activate();
        Notebook.prepare(session);
        return kernel;
    }

    /** The kernel running in this JVM, if any; used by notebook helpers such as {@code display}. */
    static SluiceKernel active() {
        return active;
    }

    void activate() {
        active = this;
    }

    Publisher publisher() {
        return publisher;
    }

    Cells cells() {
        return cells;
    }

    ResultRenderer results() {
        return results;
    }

    /** The stand-in for {@code System.in}, which asks the frontend for lines. */
    CellInput input() {
        return input;
    }

    KernelConsoles consoles() {
        return consoles;
    }

    void clearOutput(Header<?> parent, boolean wait) {
        CellOutput owner = cells.owner();
        if (owner != null && owner.parent() == parent) owner.flush();
        publisher.publish(parent, MessageType.PUBLISH_CLEAR_OUTPUT, Map.of("wait", wait));
    }

    /**
     * Publishes a MIME bundle under {@code parent}: as {@code display_data}, or as
     * {@code update_display_data} replacing the display with the same id. A new display first
     * publishes the owning cell's pending text, so output keeps its order.
     */
    void publishDisplay(Header<?> parent, String displayId, Map<String, Object> bundle, boolean update) {
        if (!update) {
            CellOutput owner = cells.owner();
            if (owner != null && owner.parent() == parent) owner.flush();
        }
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("data", bundle);
        content.put("metadata", Map.of());
        content.put("transient", displayId == null ? Map.of() : Map.of("display_id", displayId));
        publisher.publish(parent, update ? MessageType.PUBLISH_UPDATE_DISPLAY_DATA : MessageType.PUBLISH_DISPLAY_DATA, content);
    }

    /** Blocks until a shutdown request has been handled (or the timeout passes). */
    boolean awaitShutdown(long timeout, TimeUnit unit) throws InterruptedException {
        return stopped.await(timeout, unit);
    }

    /** Handles one request; replies go to {@code channel}, everything else to IOPub. */
    public void handle(Message<?> request, Channel channel) {
        String type = request.getHeader().getType().getName();
        Header<?> parent = request.getHeader();
        if (type.equals("comm_open") || type.equals("comm_msg") || type.equals("comm_close")) {
            log.debug("ignoring {}: this kernel has no comm targets", type);
            return;
        }
        if (request.getHeader().getType() == MessageType.UNKNOWN) {
            log.debug("ignoring a request of a type this kernel does not implement");
            return;
        }
        if (request.getContent() instanceof WireReader.BadContent bad) {
            refuse(request, bad.problem(), channel);
            return;
        }
        publisher.status(parent, "busy");
        try {
            switch (type) {
                case "execute_request" -> execute(cast(request), channel);
                case "kernel_info_request" -> channel.send(publisher.reply(request, MessageType.KERNEL_INFO_REPLY, kernelInfo()));
                case "complete_request" -> channel.send(publisher.reply(request, MessageType.COMPLETE_REPLY, complete(cast(request))));
                case "inspect_request" -> channel.send(publisher.reply(request, MessageType.INSPECT_REPLY, inspect(cast(request))));
                case "is_complete_request" -> channel.send(publisher.reply(request, MessageType.IS_COMPLETE_REPLY, isComplete(cast(request))));
                case "history_request" -> channel.send(publisher.reply(request, MessageType.HISTORY_REPLY, history(cast(request))));
                case "comm_info_request" -> channel.send(publisher.reply(request, MessageType.COMM_INFO_REPLY, ok(Map.of("comms", Map.of()))));
                case "interrupt_request" -> {
                    interruptRunningCell();
                    channel.send(publisher.reply(request, MessageType.INTERRUPT_REPLY, ok(Map.of())));
                }
                case "shutdown_request" -> {
                    boolean restart = ((ShutdownRequest) request.getContent()).isRestart();
                    channel.send(publisher.reply(request, MessageType.SHUTDOWN_REPLY, ok(Map.of("restart", restart))));
                    shutdown(restart);
                }
                default -> log.warn("no handler for {}", type);
            }
        } catch (RuntimeException e) {
            // A request that could not be answered still gets a reply, so the client never waits forever.
            log.warn("failed to handle {}", type, e);
            MessageType<?> replyType = MessageType.getType(type.replace("_request", "_reply"));
            if (replyType != MessageType.UNKNOWN) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("status", "error");
                error.putAll(error(e));
                channel.send(publisher.reply(request, replyType, error));
            }
        } finally {
            publisher.status(parent, "idle");
        }
    }

    /** Answers a request whose content misses or mistypes a field with an error reply; nothing runs. */
    private void refuse(Message<?> request, String problem, Channel channel) {
        MessageType<?> replyType = MessageType.getType(request.getHeader().getType().getName().replace("_request", "_reply"));
        if (replyType == MessageType.UNKNOWN) return;                  // not a request (an input_reply): nothing to answer
        publisher.status(request.getHeader(), "busy");
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("status", "error");
        if (replyType == MessageType.EXECUTE_REPLY) error.put("execution_count", executionCount);
        error.put("ename", "BadRequest");
        error.put("evalue", problem);
        error.put("traceback", List.of(problem));
        channel.send(publisher.reply(request, replyType, error));
        publisher.status(request.getHeader(), "idle");
    }

    @SuppressWarnings("unchecked")
    private static <T> Message<T> cast(Message<?> m) {
        return (Message<T>) m;
    }

    private static Map<String, Object> ok(Map<String, Object> content) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("status", "ok");
        c.putAll(content);
        return c;
    }

    // ---------------------------------------------------------------- execute

    private void execute(Message<ExecuteRequest> request, Channel channel) {
        ExecuteRequest r = request.getContent();
        Header<?> parent = request.getHeader();
        boolean silent = r.isSilent();
        boolean store = r.shouldStoreHistory() && !silent;
        int count = store ? ++executionCount : executionCount;
        String code = r.getCode();
        if (!silent) {
            publisher.publish(parent, MessageType.PUBLISH_EXECUTE_INPUT, Map.of("code", code, "execution_count", count));
        }
        CellOutput cell = new CellOutput(publisher, request, count, r.isStdinEnabled() && !silent);
        cells.begin(cell);
        String plainResult = null;
        Map<String, Object> reply;
        boolean failed = false;
        try {
            String topic = helpTopic(code);
            if (topic != null) {
                String doc = cursorReplies.documentation(topic, topic.length());
                Map<String, Object> page = new LinkedHashMap<>();
                page.put("source", "page");
                page.put("data", Map.of("text/plain", doc.isEmpty() ? "No documentation found for " + topic : doc));
                page.put("start", 0);
                reply = ok(Map.of("execution_count", count, "payload", List.of(page), "user_expressions", Map.of()));
                if (store) history.add(count, code, null);
                channel.send(publisher.reply(request, MessageType.EXECUTE_REPLY, reply));
                return;
            }
            String java = Magics.starts(code) ? new Magics(session).run(code, cell.out(), cell.err()) : code;
            EvalResult result = session.eval(java);
            cell.flush();
            if (result.hasValue() && !silent && results.shows(result.value())) {
                Map<String, Object> bundle = results.render(result.value());
                plainResult = String.valueOf(bundle.get("text/plain"));
                Map<String, Object> content = new LinkedHashMap<>();
                content.put("execution_count", count);
                content.put("data", bundle);
                content.put("metadata", Map.of());
                publisher.publish(parent, MessageType.PUBLISH_EXECUTION_RESULT, content);
            }
            reply = ok(Map.of("execution_count", count, "payload", List.of(), "user_expressions", Map.of()));
        } catch (RuntimeException | Error e) {
            if (e instanceof ThreadDeath) throw e;
            failed = true;
            cell.flush();
            Map<String, Object> error = error(e);
            publisher.publish(parent, MessageType.PUBLISH_ERROR, error);
            reply = new LinkedHashMap<>();
            reply.put("status", "error");
            reply.put("execution_count", count);
            reply.putAll(error);
        } finally {
            cells.end(cell);
        }
        if (store) history.add(count, code, plainResult);
        channel.send(publisher.reply(request, MessageType.EXECUTE_REPLY, reply));
        if (failed && r.shouldStopOnError()) abortQueued(channel);
    }

    /**
     * Returns {@code x} for a cell that is only {@code x?} or {@code ?x} (the notebook convention for
     * "show the documentation of x in the pager"), else null. No Java statement ends in {@code ?}.
     */
    static String helpTopic(String code) {
        String c = code.strip();
        if (c.isEmpty() || c.contains("\n")) {
            return null;
        }
        String topic = c.endsWith("?") ? c.substring(0, c.length() - 1) : c.startsWith("?") ? c.substring(1) : null;
        if (topic == null) {
            return null;
        }
        topic = topic.strip();
        return topic.isEmpty() || topic.contains("?") ? null : topic;
    }

    /** Replies "aborted" to execute requests already queued behind a failed cell (a "run all"). */
    private void abortQueued(Channel channel) {
        Message<?> next;
        while ((next = channel.nextQueued()) != null) {
            if (next.getHeader().getType() == MessageType.EXECUTE_REQUEST) {
                publisher.status(next.getHeader(), "busy");
                channel.send(publisher.reply(next, MessageType.EXECUTE_REPLY,
                        Map.of("status", "aborted", "execution_count", executionCount)));
                publisher.status(next.getHeader(), "idle");
            } else {
                handle(next, channel);
            }
        }
    }

    /**
     * Stops the running cell. The cell's current snippet is interrupted now; until the cell has
     * ended, a watcher repeats the request, so an interrupt that arrives while the cell is still
     * being compiled (no snippet running yet) or just as a snippet thread is being started is never
     * lost.
     */
    void interruptRunningCell() {
        CellOutput cell = cells.running();
        session.interrupt();
        if (cell == null || cells.running() != cell) return;
        Thread watcher = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(INTERRUPT_PATIENCE_SECONDS);
            while (cells.running() == cell && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(INTERRUPT_REPEAT_MS));
                if (cells.running() == cell) session.interrupt();
            }
        }, "sluice-kernel-interrupt");
        watcher.setDaemon(true);
        watcher.start();
    }

    static Map<String, Object> error(Throwable e) {
        String ename;
        String evalue;
        String text = e.getMessage() == null ? e.toString() : e.getMessage();
        if (e instanceof EvalRuntimeException && e.getCause() != null) {
            ename = e.getCause().getClass().getSimpleName();
            evalue = e.getCause().getMessage() == null ? "" : e.getCause().getMessage();
        } else if (e instanceof CompileException) {
            ename = "CompileError";
            evalue = firstLine(text);
        } else if (e instanceof EvalInterruptedException) {
            ename = "Interrupted";
            evalue = firstLine(text);
            text = evalue + "\nstreams keep running; stop an output with its handle's stop(), or all of them with ssc.stop()";
        } else if (e instanceof IncompleteSourceException) {
            ename = "IncompleteSource";
            evalue = firstLine(text);
        } else if (e instanceof Magics.MagicException) {
            // an unknown coordinate, a missing jar: the message says it all; the resolver's trace is for the log
            ename = "MagicError";
            evalue = firstLine(text);
            log.debug("line magic failed", e);
        } else if (e instanceof SessionException s) {
            ename = s.kind();
            evalue = firstLine(text);
        } else {
            ename = e.getClass().getSimpleName();
            evalue = e.getMessage() == null ? "" : e.getMessage();
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(trace));
            text = trace.toString();
            log.error("kernel failure while executing a cell", e);
        }
        List<String> traceback = new ArrayList<>(Arrays.asList(text.stripTrailing().split("\r?\n")));
        if (!traceback.isEmpty()) traceback.set(0, "\u001b[1;31m" + traceback.get(0) + "\u001b[0m");
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("ename", ename);
        content.put("evalue", evalue);
        content.put("traceback", traceback);
        return content;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    // ---------------------------------------------------------------- introspection

    private Map<String, Object> kernelInfo() {
        LanguageInfo info = getLanguageInfo();
        Map<String, Object> language = new LinkedHashMap<>();
        language.put("name", info.getName());
        language.put("version", info.getVersion());
        language.put("mimetype", info.getMimetype());
        language.put("file_extension", info.getFileExtension());
        language.put("pygments_lexer", info.getPygmentsLexer());
        language.put("codemirror_mode", info.getCodemirrorMode());
        language.put("nbconvert_exporter", info.getNbconvertExporter());
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("status", "ok");
        content.put("protocol_version", Publisher.PROTOCOL_VERSION);
        content.put("implementation", "sluice");
        content.put("implementation_version", VERSION);
        content.put("language_info", language);
        content.put("banner", getBanner());
        content.put("help_links", List.of());
        return content;
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return new LanguageInfo("java", String.valueOf(Runtime.version().feature()), "text/x-java-source",
                ".jsh", "java", "text/x-java", "script");
    }

    @Override
    public String getBanner() {
        return "Sluice " + VERSION + " on Java " + Runtime.version() + " - `ssc` is a live StreamingContext; "
                + "display(stream) shows its latest batch live, display(ssc) charts the batches";
    }

    private Map<String, Object> complete(Message<CompleteRequest> request) {
        return cursorReplies.complete(request.getContent().getCode(), request.getContent().getCursorPos());
    }

    private Map<String, Object> inspect(Message<InspectRequest> request) {
        return cursorReplies.inspect(request.getContent().getCode(), request.getContent().getCursorPos());
    }

    private Map<String, Object> isComplete(Message<IsCompleteRequest> request) {
        Completeness c = session.isComplete(request.getContent().getCode());
        return switch (c) {
            case COMPLETE, EMPTY -> Map.of("status", "complete");
            case INCOMPLETE -> Map.of("status", "incomplete", "indent", "");
            case INVALID -> Map.of("status", "invalid");
        };
    }

    private Map<String, Object> history(Message<HistoryRequest> request) {
        HistoryRequest r = request.getContent();
        boolean output = r.includeOutput();
        List<List<Object>> rows;
        if (r instanceof HistoryRequest.Tail t) {
            rows = history.tail(t.getMaxReturnLength(), output);
        } else if (r instanceof HistoryRequest.Range range) {
            rows = history.range(range.getSessionIndex(), range.getStart(), range.getStop(), output);
        } else if (r instanceof HistoryRequest.Search s) {
            rows = history.search(s.getPattern(), s.getMaxReturnLength(), s.filterUnique(), output);
        } else {
            rows = List.of();
        }
        return ok(Map.of("history", rows));
    }

    // ---------------------------------------------------------------- BaseKernel contract

    @Override
    public DisplayData eval(String expr) {
        EvalResult result = session.eval(expr);
        if (!result.hasValue() || !results.shows(result.value())) return null;
        DisplayData data = new DisplayData();
        results.render(result.value()).forEach(data::putData);
        return data;
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        String doc = session.inspect(code, at);
        return doc.isEmpty() ? null : new DisplayData(doc);
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        Completions c = session.complete(code, at);
        return new ReplacementOptions(c.candidates(), c.anchor(), at);
    }

    @Override
    public String isComplete(String code) {
        return switch (session.isComplete(code)) {
            case COMPLETE, EMPTY -> IS_COMPLETE_YES;
            case INCOMPLETE -> "";
            case INVALID -> IS_COMPLETE_BAD;
        };
    }

    @Override
    public void interrupt() {
        session.interrupt();
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        shutdown(isRestarting);
    }

    /** Stops the running cell, closes the session (stopping the context gracefully) and releases waiters. */
    void shutdown(boolean restart) {
        if (shuttingDown) return;
        shuttingDown = true;
        log.info("shutting down{}", restart ? " for a restart" : "");
        LiveViews.stopAll(restart ? "the kernel restarted" : "the kernel shut down");
        try {
            session.interrupt();
            session.close();
        } catch (RuntimeException e) {
            log.warn("closing the session failed", e);
        } finally {
            if (flusher != null) flusher.shutdownNow();
            cells.flushAll();
            if (originalOut != null) {
                System.setOut(originalOut);
                System.setErr(originalErr);
                System.setIn(originalIn);
            }
            if (active == this) active = null;
            stopped.countDown();
        }
    }

    boolean isShuttingDown() {
        return shuttingDown;
    }

    private static PrintStream routed(OutputRouter router) {
        return new PrintStream(router, true, java.nio.charset.StandardCharsets.UTF_8);
    }
}
