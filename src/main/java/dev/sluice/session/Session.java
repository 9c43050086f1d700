package dev.sluice.session;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Supplier;
import dev.sluice.streaming.Console;
import dev.sluice.streaming.ManualClock;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.StreamingContextState;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.ImportSnippet;
import jdk.jshell.JShell;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.StatementSnippet;
import jdk.jshell.TypeDeclSnippet;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates Java snippets against a live streaming context: one JShell running in this JVM, with
 * {@code ssc} bound and {@code dev.sluice.streaming.*} imported.
 *
 * <p>This is the single evaluator behind both front ends; it knows nothing about terminals or
 * notebooks. Results are live objects ({@link EvalResult#value()}), failures are
 * {@link SessionException}s with a message ready to show.
 *
 * <p>Threading: {@link #eval} runs one cell at a time (callers queue behind the running one);
 * {@link #interrupt()} may be called from any thread and stops only the running snippet.
 */
public final class Session implements AutoCloseable {

    /** How many expression results stay readable by name ({@code $12}); older ones, and their values, are released. */
    public static final int KEPT_RESULTS = 20;
    /**
     * {@code ssc} as a word where a declaration or an assignment of it could be: not followed by
     * {@code .} or {@code )} (whitespace between allowed) and not at the end. The snippets that use
     * it ({@code ssc.start()}, {@code display(ssc)}, a chain over several lines) skip the check for
     * a rebinding, which parses and attributes the snippet once more before JShell does.
     */
    private static final Pattern SSC_REBINDING = Pattern.compile("\\bssc\\b(?!\\s*(?:[.)]|$))");
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    /** Imports every session starts with. */
    public static final List<String> DEFAULT_IMPORTS = List.of(
            "import dev.sluice.streaming.*;",
            "import java.time.Duration;",
            "import java.util.*;",
            "import java.util.stream.*;",
            "import java.nio.file.*;");

    private final SessionOptions options;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<String> history = new ArrayList<>();
    private final List<String> accepted = new ArrayList<>();
    /**
     * The expression results ({@code $1}, {@code $2}, ...) still readable by name, oldest first, at
     * most {@link #KEPT_RESULTS}. JShell writes an import of every live variable into the source of
     * each new snippet and reads that variable's class again in every compiler pass, so a result
     * lives here, not in JShell: it is dropped from JShell as soon as its value is read, and declared
     * there again only when a snippet names it ({@link #declareResults}).
     */
    private final java.util.LinkedHashMap<String, Result> results = new java.util.LinkedHashMap<>();

    /** A {@code $N} in source: a name JShell gives results; not part of a longer identifier. */
    private static final Pattern RESULT_NAME = Pattern.compile("(?<![\\w$])\\$\\d+(?![\\w$])");

    /**
     * An expression result: its name, JShell's name for its type, and its value; while a snippet has
     * named it, also the variable that holds it in JShell and the classes installed for that variable.
     */
    private static final class Result {
        final String name;
        final String typeName;
        final Object value;
        VarSnippet declared;
        List<Class<?>> classes = List.of();

        Result(String name, String typeName, Object value) {
            this.name = name;
            this.typeName = typeName;
            this.value = value;
        }
    }
    private final Supplier<Console> console;
    private final List<Consumer<StreamingContext>> resetActions = new CopyOnWriteArrayList<>();
    // Made by begin(), again by each reset(); written under the lock, read by other threads too.
    private volatile SnippetExecutionControl control;
    private volatile JShell jshell;
    /** The class files the current JShell compiles against; written with {@link #jshell}. */
    private volatile CompiledSnippets compiled;
    private volatile CompilerSymbols compilerSymbols;
    private volatile SourceCodeAnalysis analysis;
    private volatile StreamingContext context;
    /** JShell's variable {@code ssc} of the current JShell. */
    private volatile VarSnippet sscVar;
    /**
     * The static field that holds {@code ssc} in its snippet's class, read after every snippet to
     * find an assignment of it however it came (a statement, an expression, a method the snippet
     * called); null if it could not be found.
     */
    private volatile java.lang.reflect.Field sscField;
    /** Contexts other than ssc that snippets built, to be stopped with it. */
    private final List<StreamingContext> built = new CopyOnWriteArrayList<>();
    private volatile ManualClock manualClock;
    private volatile boolean closed;
    /** Why the JShell of a session opened by {@link #openStarting} could not be made; null if it was. */
    private volatile RuntimeException startFailure;
    /** Counted down once the JShell exists (or could not be made). */
    private final CountDownLatch started = new CountDownLatch(1);
    private final Libraries libraries;
    private final CursorHelp help = new CursorHelp();
    /** Snippet names and lines for stack frames of the current JShell's classes. */
    private volatile SnippetFrames frames = new SnippetFrames();
    /** Where the snippets of the cell being evaluated come from (a script), or null. */
    private String originFile;
    private int originLine;

    private Session(SessionOptions options, boolean background) {
        this.options = options;
        OutputRouter.install();
        this.console = options.console().orElse(StandardConsole::instance);
        this.libraries = new Libraries(options.localRepository(), options.repositories());
        if (!background) {
            begin();
            started.countDown();
            return;
        }
        ManualClock clock = options.manualClock() ? new ManualClock() : null;
        SnippetClassLoader loader = newLoader();
        // The JShell is made (its compiler started, the default imports compiled) while this thread
        // builds the streaming context; only the binding of ssc waits for the context.
        CompletableFuture<StreamingContext> contextBuilt = new CompletableFuture<>();
        CountDownLatch locked = new CountDownLatch(1);
        Thread starter = new Thread(() -> {
            lock.lock();
            try {
                locked.countDown();
                startShell(contextBuilt::join, loader);
                // the first cell then finds the parser's classes loaded and compiled once
                analysis.analyzeCompletion("1 + 1");
            } catch (RuntimeException e) {
                startFailure = e;
                if (!contextBuilt.isCompletedExceptionally()) {
                    LOG.error("cannot start the Java shell", e);
                }
            } finally {
                started.countDown();
                lock.unlock();
            }
        }, "sluice-session-start");
        starter.setDaemon(true);
        starter.start();
        try {
            this.context = buildContext(options, clock, console, this::jobTrace, loader);
        } catch (RuntimeException | Error e) {
            contextBuilt.completeExceptionally(e);
            throw e;
        }
        this.manualClock = clock;
        contextBuilt.complete(context);
        // every method that needs the JShell takes the lock, so it waits for the start from here on
        boolean interrupted = false;
        while (true) {
            try {
                locked.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Builds the streaming context and a JShell from the options, and binds {@code ssc}. */
    private void begin() {
        ManualClock clock = options.manualClock() ? new ManualClock() : null;
        SnippetClassLoader loader = newLoader();
        StreamingContext ctx = buildContext(options, clock, console, this::jobTrace, loader);
        try {
            startShell(ctx, loader);
        } catch (RuntimeException e) {
            ctx.stop(false);
            throw e;
        }
        this.manualClock = clock;
    }

    /**
     * The class loader of a new JShell's snippets. On a runner (a Spark master) it also writes each
     * snippet class into a directory of this start, named by the system property
     * {@value #REPL_CLASS_DIR_PROPERTY} before the context is built, from which the runner's
     * executors load them (Spark: {@code spark.repl.class.outputDir}); a reset starts a new one.
     */
    private SnippetClassLoader newLoader() {
        Path classDir = null;
        if (options.master().filter(m -> !m.equals(StreamingContext.EMBEDDED)).isPresent()) {
            classDir = ReplClassDirs.create(options.conf().get("spark.repl.class.outputDir"));
            System.setProperty(REPL_CLASS_DIR_PROPERTY, classDir.toString());
        }
        return new SnippetClassLoader(Session.class.getClassLoader(), Set.of(classPath().split(File.pathSeparator)), classDir);
    }

    /** The system property that names the directory of snippet classes for a runner's executors. */
    public static final String REPL_CLASS_DIR_PROPERTY = "sluice.repl.class.dir";

    /** Makes a JShell and binds {@code ssc} to {@code ctx} in it; the caller holds the lock or is constructing. */
    private void startShell(StreamingContext ctx, SnippetClassLoader loader) {
        startShell(() -> ctx, loader);
    }

    /**
     * Makes a JShell with the default imports, then binds {@code ssc} to the context {@code ctx}
     * gives (which may wait for it to be built); the caller holds the lock or is constructing.
     */
    private void startShell(Supplier<StreamingContext> ctx, SnippetClassLoader loader) {
        Supplier<Console> snippetConsole = console;
        SnippetExecutionControl ctl = new SnippetExecutionControl(loader,
                () -> OutputRouter.bindCurrentThread(snippetConsole));
        JShell shell = null;
        try {
            shell = JShell.builder()
                    .executionEngine(ctl.provider(), java.util.Map.of())
                    .compilerOptions("-Xlint:none")
                    .fileManager(SteadyFileManager::new)
                    .build();
            // through JShell's own class path (not a --class-path option, which would hide what
            // addToClasspath adds later: :dependency, :classpath)
            shell.addToClasspath(classPath());
            this.frames = new SnippetFrames();
            this.control = ctl;
            this.jshell = shell;
            this.compiled = CompiledSnippets.of(shell);
            this.compilerSymbols = CompilerSymbols.of(shell);
            this.analysis = shell.sourceCodeAnalysis();
            for (String imp : DEFAULT_IMPORTS) {
                runInternal(imp);
            }
            StreamingContext bound = ctx.get();
            this.context = bound;
            runInternal("StreamingContext ssc = " + Bindings.takeSource("StreamingContext", Bindings.put(bound)) + ";");
            this.sscVar = shell.variables().filter(v -> v.name().equals("ssc")).reduce((a, b) -> b).orElse(null);
            this.sscField = null;
            if (sscVar != null) {
                shell.varValue(sscVar);   // through the execution control, which keeps the field it read
                this.sscField = ctl.lastVarField();
            }
            for (Path entry : libraries.entries()) {
                shell.addToClasspath(entry.toString()); // a reset keeps the libraries added before it
            }
        } catch (RuntimeException e) {
            if (shell != null) {
                shell.close();
            }
            throw new IllegalStateException("cannot start the Java shell: " + e.getMessage(), e);
        }
    }

    /** The stack trace of a user function that failed in an output, its snippet frames named. */
    private String jobTrace(Throwable e) {
        return DiagnosticFormatter.jobStackTrace(e, frames);
    }

    private static StreamingContext buildContext(SessionOptions o, ManualClock clock, Supplier<Console> console,
                                                 java.util.function.Function<Throwable, String> traces, ClassLoader loader) {
        StreamingContext.Builder b = StreamingContext.builder()
                .classLoader(loader)
                .traces(traces)
                .batchInterval(o.batchInterval())
                .parallelism(o.parallelism())
                .remember(o.remember())
                .console(console)
                .sparkConf(o.conf());
        o.master().ifPresent(b::master);
        if (clock != null) {
            b.clock(clock);
        }
        if (o.checkpointDir().isPresent()) {
            Path dir = o.checkpointDir().get();
            b.checkpointDir(dir);
            return StreamingContext.getOrCreate(dir, b::build);
        }
        return b.build();
    }

    /**
     * Starts a session: builds its streaming context from the options (not started; the user starts it
     * with {@code ssc.start()}) and a JShell with {@code ssc} bound.
     */
    public static Session open(SessionOptions options) {
        Objects.requireNonNull(options, "options");
        Session session = new Session(options, false);
        try {
            for (String path : options.classpath()) {
                session.addClasspath(path);
            }
            for (String coordinates : options.dependencies()) {
                session.addDependency(coordinates, line -> session.console.get().err().println(line));
            }
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        return session;
    }

    /**
     * Starts a session as {@link #open} does, but returns as soon as its streaming context exists:
     * the JShell is made, and {@code ssc} bound in it, on a thread of its own, so that an
     * interactive shell shows its prompt meanwhile. Every method that needs the JShell waits for
     * it; if it cannot be made, they throw an {@link IllegalStateException} saying why (completion
     * and inspection then find nothing).
     */
    public static Session openStarting(SessionOptions options) {
        Objects.requireNonNull(options, "options");
        return new Session(options, true);
    }

    /** Waits until the JShell of a session opened by {@link #openStarting} is made; returns whether it was. */
    public boolean awaitStarted() {
        try {
            started.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return startFailure == null;
    }

    /**
     * Resolves a Maven coordinate ({@code group:artifact:version}) with its runtime dependencies,
     * from the local repository and the remote ones of the options (Maven Central by default),
     * and makes the jars visible to the snippets that follow.
     *
     * @param progress receives a line per download started and finished
     * @return the jars added (those added before are not repeated)
     * @throws IllegalArgumentException the coordinate is malformed or does not exist, or a repository
     *                                  cannot be reached; the message says which and what to do
     */
    public List<Path> addDependency(String coordinates, Consumer<String> progress) {
        Objects.requireNonNull(coordinates, "coordinates");
        lock.lock();
        try {
            ensureOpen();
            List<Path> jars = libraries.dependency(coordinates, progress);
            jars.forEach(jar -> jshell.addToClasspath(jar.toString()));
            return jars;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes a jar, a folder of classes, or the jars a glob names ({@code lib/*.jar}, {@code lib/*})
     * visible to the snippets that follow.
     *
     * @return the entries added (those added before are not repeated)
     * @throws IllegalArgumentException nothing exists there, or it is neither a jar nor a folder
     */
    public List<Path> addClasspath(String path) {
        Objects.requireNonNull(path, "path");
        lock.lock();
        try {
            ensureOpen();
            List<Path> entries = libraries.classpath(path);
            entries.forEach(entry -> jshell.addToClasspath(entry.toString()));
            return entries;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds a remote Maven repository (an http(s) or {@code file:} URL) that later
     * {@link #addDependency} calls search too, after those given before.
     */
    public void addRepository(String url) {
        Objects.requireNonNull(url, "url");
        lock.lock();
        try {
            ensureOpen();
            libraries.repository(url);
        } finally {
            lock.unlock();
        }
    }

    /**
     * What was added to the snippets' class path, as shell commands in order
     * ({@code :dependency g:a:v}, {@code :classpath path}); {@code :save} writes them first.
     */
    public List<String> libraries() {
        lock.lock();
        try {
            return libraries.directives();
        } finally {
            lock.unlock();
        }
    }

    /** The options this session was opened with. */
    public SessionOptions options() {
        return options;
    }

    /** The streaming context bound to {@code ssc}. */
    public StreamingContext context() {
        return context;
    }

    /** The manual clock driving the context, when the session was opened with one. */
    public Optional<ManualClock> manualClock() {
        return Optional.ofNullable(manualClock);
    }

    /**
     * Evaluates a cell of one or more snippets, in order, stopping at the first failure.
     *
     * @return what each snippet did, with the live value of a final expression
     * @throws CompileException           a snippet does not compile (earlier snippets have run)
     * @throws IncompleteSourceException  the cell ends inside an unfinished snippet
     * @throws EvalInterruptedException   {@link #interrupt()} stopped a snippet
     * @throws EvalRuntimeException       a snippet threw
     */
    public EvalResult eval(String cell) {
        return eval(cell, null, 0);
    }

    /**
     * Evaluates a cell read from a file, as {@link #eval(String)} does; stack frames of its snippets
     * (also later, in a running stream) name {@code file} and the line in it, counting the cell's
     * first line as {@code firstLine}.
     */
    public EvalResult eval(String cell, String file, int firstLine) {
        Objects.requireNonNull(cell, "cell");
        lock.lock();
        try {
            ensureOpen();
            if (!cell.isBlank()) {
                history.add(cell.strip());
            }
            List<SnippetOutcome> outcomes = new ArrayList<>();
            String remaining = cell;
            while (true) {
                CompletionInfo info = analysis.analyzeCompletion(remaining);
                if (file != null) {
                    String done = cell.substring(0, cell.length() - remaining.length());
                    String lead = remaining.substring(0, remaining.length() - remaining.stripLeading().length());
                    originFile = file;
                    originLine = firstLine + (int) (done + lead).chars().filter(c -> c == '\n').count();
                }
                switch (info.completeness()) {
                    case EMPTY:
                        return new EvalResult(outcomes);
                    case DEFINITELY_INCOMPLETE:
                    case CONSIDERED_INCOMPLETE:
                        throw new IncompleteSourceException(remaining);
                    case UNKNOWN:
                        outcomes.add(run(remaining.strip()));
                        return new EvalResult(outcomes);
                    default:
                        outcomes.add(run(info.source()));
                        remaining = info.remaining();
                }
            }
        } finally {
            originFile = null;
            try {
                CompilerSymbols symbols = compilerSymbols;
                if (symbols != null) {
                    symbols.compactIfGrown();
                }
                CompiledSnippets snippets = compiled;
                if (snippets != null) {
                    snippets.pruneFinished();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Cuts a cell into its snippets, as {@link #eval} would run them (a final semicolon is added where
     * JShell accepts its absence); an unfinished or invalid tail is returned as it is.
     */
    public List<String> split(String cell) {
        lock.lock();
        try {
            ensureStarted();
            List<String> snippets = new ArrayList<>();
            String remaining = cell;
            while (true) {
                CompletionInfo info = analysis.analyzeCompletion(remaining);
                if (!info.completeness().isComplete()) {
                    if (!remaining.isBlank()) {
                        snippets.add(remaining.strip());
                    }
                    return snippets;
                }
                snippets.add(info.source().strip());
                remaining = info.remaining();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether the code can run as it is, or needs more lines first. */
    public Completeness isComplete(String code) {
        // a line entered while the JShell is still being made waits for it, rather than being
        // judged complete for want of the lock
        if (!awaitStarted() || !tryLock()) {
            return Completeness.COMPLETE;
        }
        try {
            String remaining = code;
            while (true) {
                CompletionInfo info = analysis.analyzeCompletion(remaining);
                switch (info.completeness()) {
                    case EMPTY:
                        return remaining == code ? Completeness.EMPTY : Completeness.COMPLETE;
                    case DEFINITELY_INCOMPLETE:
                    case CONSIDERED_INCOMPLETE:
                        return Completeness.INCOMPLETE;
                    case UNKNOWN:
                        return Completeness.INVALID;
                    default:
                        remaining = info.remaining();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Completion candidates at the cursor, from JShell's source analysis (members, types, variables,
     * keywords). Empty while a snippet is running.
     */
    public Completions complete(String code, int cursor) {
        return atCursor(code, cursor, new Completions(cursor, List.of()), () -> help.complete(analysis, code, cursor));
    }

    /**
     * The signature (and javadoc, when its source is available: the JDK's {@code src.zip}, Sluice's
     * own API, shipped in its jar) of what is at the cursor, or of the call whose arguments hold the
     * cursor; {@code ""} when nothing is known there.
     */
    public String inspect(String code, int cursor) {
        return atCursor(code, cursor, "", () -> help.inspect(analysis, code, cursor));
    }

    /**
     * The signatures that fit a call at the cursor (inside its parentheses), as jshell shows them on
     * Tab; empty when the cursor is not in a call's arguments.
     */
    public List<String> signatures(String code, int cursor) {
        return call(code, cursor).map(CallSignatures::signatures).orElse(List.of());
    }

    /** The call whose arguments hold the cursor: which argument, and the signatures that fit. */
    public Optional<CallSignatures> call(String code, int cursor) {
        return atCursor(code, cursor, Optional.empty(), () -> Optional.ofNullable(help.call(analysis, code, cursor)));
    }

    /** Runs a question about the cursor holding the lock; {@code none} while a snippet runs or without a JShell. */
    private <T> T atCursor(String code, int cursor, T none, Supplier<T> question) {
        if (cursor < 0 || cursor > code.length()) {
            throw new IllegalArgumentException("cursor " + cursor + " is outside the code (length " + code.length() + ")");
        }
        if (!tryLock()) {
            return none;
        }
        try {
            if (startFailure != null) {
                return none;
            }
            declareResults(SourceText.codeOnly(code));   // so that $3. completes as it would have while JShell held $3
            return question.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the running snippet, if any: interrupts its thread and, if it does not end promptly, stops
     * that thread. Threads the snippet started (the engine's) keep running.
     *
     * @return whether a snippet was running
     */
    public boolean interrupt() {
        SnippetExecutionControl c = control;
        if (c == null) {
            return false; // still starting: no snippet yet
        }
        boolean running = c.isRunning();
        c.stop();
        return running;
    }

    /** Whether a snippet is running right now. */
    public boolean isRunning() {
        SnippetExecutionControl c = control;
        return c != null && c.isRunning();
    }

    /** The cells evaluated so far, as entered, including those that failed. */
    public List<String> history() {
        lock.lock();
        try {
            return List.copyOf(history);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The snippets that ran successfully, in order; replaying them in a new session rebuilds this one's
     * variables, methods and stream graph.
     */
    public List<String> replayableSnippets() {
        lock.lock();
        try {
            return List.copyOf(accepted);
        } finally {
            lock.unlock();
        }
    }

    /** The variables currently declared, including {@code ssc}. */
    public List<VarInfo> vars() {
        lock.lock();
        try {
            ensureStarted();
            List<VarInfo> vars = new ArrayList<>();
            jshell.variables().filter(v -> jshell.status(v).isActive() && !results.containsKey(v.name()))
                    .forEach(v -> vars.add(new VarInfo(v.name(), v.typeName(), varValue(v))));
            for (Result r : results.values()) {
                boolean held = r.declared != null && jshell.status(r.declared).isActive();   // a snippet may have assigned it
                vars.add(new VarInfo(r.name, r.typeName, held ? varValue(r.declared) : SnippetExecutionControl.display(r.value)));
            }
            return vars;
        } finally {
            lock.unlock();
        }
    }

    /** How many variables JShell holds now (each one is imported into every snippet's source). */
    long variablesInJShell() {
        lock.lock();
        try {
            return jshell.variables().filter(v -> jshell.status(v).isActive()).count();
        } finally {
            lock.unlock();
        }
    }

    /** The layout of JShell's compilers' symbol tables (for tests). */
    CompilerSymbols compilerSymbols() {
        return compilerSymbols;
    }

    /** How many snippets JShell lists (copied in every compiler pass); -1 if unknown. */
    int snippetsListedByJShell() {
        lock.lock();
        try {
            return compiled.listedSnippets();
        } finally {
            lock.unlock();
        }
    }

    /** How many snippet class files JShell compiles against (listed in every compiler pass); -1 if unknown. */
    int classFilesInJShell() {
        lock.lock();
        try {
            return compiled.size();
        } finally {
            lock.unlock();
        }
    }

    private String varValue(VarSnippet v) {
        try {
            return jshell.varValue(v);
        } catch (RuntimeException e) {
            return "<unavailable: " + e.getMessage() + ">";
        }
    }

    /** The active imports, as source (e.g. {@code import java.util.*;}). */
    public List<String> imports() {
        lock.lock();
        try {
            ensureStarted();
            return jshell.imports().filter(i -> jshell.status(i).isActive())
                    .map(i -> i.source().strip()).toList();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts over, as opening the session again with its options would: stops the streaming context
     * gracefully, drops every snippet (variables, methods, types, imports and the streams they
     * built) and binds {@code ssc} to a new context, not started. With a checkpoint directory, the
     * new context recovers from it as a new session would. The cell history stays. Then runs the
     * {@link #onReset} actions with the new context. Not while a snippet runs: it waits for that
     * snippet to end.
     *
     * @throws IllegalStateException the session is closed, or the new context or JShell could not be
     *                               made: then the old context is stopped but every snippet is kept,
     *                               {@code ssc} still names the old context, and a later {@code reset()}
     *                               may try again
     */
    public void reset() {
        lock.lock();
        try {
            ensureOpen();
            stopContext();
            JShell oldShell = jshell;
            SourceCodeAnalysis oldAnalysis = analysis;
            SnippetExecutionControl oldControl = control;
            CompiledSnippets oldCompiled = compiled;
            CompilerSymbols oldSymbols = compilerSymbols;
            StreamingContext oldContext = context;
            ManualClock oldClock = manualClock;
            try {
                begin();
            } catch (RuntimeException e) {
                jshell = oldShell;
                analysis = oldAnalysis;
                control = oldControl;
                compiled = oldCompiled;
                compilerSymbols = oldSymbols;
                context = oldContext;
                manualClock = oldClock;
                throw new IllegalStateException("cannot start over: " + e.getMessage(), e);
            }
            oldShell.close();
            accepted.clear();
            results.clear();
        } finally {
            lock.unlock();
        }
        StreamingContext fresh = context;
        for (Consumer<StreamingContext> action : resetActions) {
            action.accept(fresh);
        }
    }

    /**
     * Runs {@code action} with the new context after each {@link #reset()}, for whatever watches the
     * context (listeners registered on the old one stay with the old one).
     */
    public void onReset(Consumer<StreamingContext> action) {
        resetActions.add(Objects.requireNonNull(action, "action"));
    }

    /** Stops the streaming context gracefully (letting the batch in flight finish) and closes JShell. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        SnippetExecutionControl c = control;
        if (c != null) {
            c.stop();
        }
        lock.lock();
        try {
            stopContext();
            if (jshell != null) {
                jshell.close();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stops ssc, and every other context the session's snippets built, gracefully. */
    private void stopContext() {
        List<StreamingContext> all = new ArrayList<>(built);
        built.clear();
        all.add(context);
        for (StreamingContext c : all) {
            try {
                if (c.state() != StreamingContextState.STOPPED) {
                    c.stop(true);
                }
            } catch (RuntimeException e) {
                LOG.warn("stopping the streaming context failed", e);
            }
        }
    }

    private boolean tryLock() {
        try {
            return lock.tryLock(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the session is closed");
        }
        ensureStarted();
    }

    /** Throws why the JShell could not be made, if it could not (the caller holds the lock). */
    private void ensureStarted() {
        RuntimeException failure = startFailure;
        if (failure != null) {
            throw new IllegalStateException(failure.getMessage() + " (restart the shell)", failure);
        }
    }

    private Object runInternal(String source) {
        SnippetOutcome outcome = evaluate(source);
        accepted.remove(accepted.size() - 1);
        return outcome.value();
    }

    private SnippetOutcome run(String source) {
        String code = SourceText.codeOnly(source);   // what the names are looked for in
        refuseRebindingContext(source, code);
        declareResults(code);
        List<StreamingContext> before = StreamingContext.live();
        SnippetOutcome outcome;
        try {
            outcome = evaluate(source);
        } catch (RuntimeException e) {
            restoreContext();   // it may have assigned ssc before it failed
            throw e;
        } finally {
            // contexts the snippet built: they go when the session resets or closes, as ssc does
            for (StreamingContext c : StreamingContext.live()) {
                if (c != context && !before.contains(c) && !built.contains(c)) {
                    built.add(c);
                }
            }
        }
        if (restoreContext()) {
            throw new CompileException("error: ssc is this session's StreamingContext and cannot be assigned again;"
                    + " the snippet ran, and ssc was set back to the session's context. Give another context a name of"
                    + " its own (StreamingContext mine = ...). For a fresh ssc, use :reset (in a notebook, restart the kernel).",
                    source);
        }
        return outcome;
    }

    /**
     * After every snippet: sets {@code ssc} back to the session's context if it no longer holds it
     * (an assignment inside an expression or a statement, or in a method or lambda that the
     * snippet ran, which the check before the snippet cannot see); returns whether it did. One
     * read of a static field, so every snippet can afford it.
     */
    private boolean restoreContext() {
        java.lang.reflect.Field field = sscField;
        VarSnippet ssc = sscVar;
        if (field == null || ssc == null) {
            return false;
        }
        Object value;
        try {
            value = field.get(null);
        } catch (IllegalAccessException | RuntimeException e) {
            return false;   // not readable: nothing to say about it
        }
        if (value == context || !jshell.status(ssc).isActive()) {
            return false;
        }
        runInternal("ssc = " + Bindings.takeSource("StreamingContext", Bindings.put(context)) + ";");
        return true;
    }

    private SnippetOutcome evaluate(String source) {
        control.resetOutcome();
        long mark = control.loader().installMark();
        List<SnippetEvent> events = jshell.eval(source);
        releaseOverwritten(events);
        if (control.lastStopped()) {
            throw new EvalInterruptedException(source);
        }
        SnippetEvent primary = null;
        boolean update = false;
        for (SnippetEvent e : events) {
            if (e.causeSnippet() == null && primary == null) {
                primary = e;
            }
            if (e.status() == Snippet.Status.OVERWRITTEN) {
                update = true;
            }
        }
        if (primary == null) {
            throw new CompileException("error: this input is not a Java snippet: " + source.strip(), source);
        }
        Snippet snippet = primary.snippet();
        SnippetFrames.Origin origin = originFile == null ? null : new SnippetFrames.Origin(originFile, originLine);
        for (SnippetEvent e : events) {
            if (e.status().isActive() && (e.causeSnippet() == null || e.snippet() != snippet)) {
                frames.remember(analysis, e.snippet(), e.snippet() == snippet ? origin : null);
            }
        }
        if (primary.status() == Snippet.Status.REJECTED) {
            throw new CompileException(DiagnosticFormatter.format(jshell, snippet), source);
        }
        if (primary.exception() != null) {
            if (isResult(snippet)) {
                jshell.drop(snippet);   // an expression that threw has no result, and JShell would import its $N forever
            }
            forgetIfRunOnce(snippet, mark);
            Throwable live = control.lastFailure();
            if (primary.exception() instanceof UnresolvedReferenceException unresolved) {
                throw new EvalRuntimeException(DiagnosticFormatter.unresolved(jshell, unresolved), unresolved, source);
            }
            Throwable cause = live != null ? live : primary.exception();
            String trace = DiagnosticFormatter.stackTrace(cause, frames);
            if (cause instanceof IllegalStateException && context != null
                    && context.state() == StreamingContextState.STOPPED) {
                trace += "\n  (ssc is stopped; :reset gives a fresh one, in a notebook restart the kernel)";
            }
            throw new EvalRuntimeException(trace, cause, source);
        }
        SnippetOutcome outcome = outcome(source, primary, update);
        forgetIfRunOnce(snippet, mark);
        accepted.add(source.strip());
        boolean named = events.stream().anyMatch(e -> e.causeSnippet() != null);   // a method waited for this $N
        keepResult(snippet, mark, outcome.value(), named);
        return outcome;
    }

    /**
     * Takes an expression's result out of JShell into {@link #results}: JShell drops the variable
     * (unless {@code named}: a snippet already names it) and its class lets go of the value, which
     * the session keeps until {@link #KEPT_RESULTS} newer results exist.
     */
    private void keepResult(Snippet snippet, long mark, Object value, boolean named) {
        if (!isResult(snippet)) {
            return;
        }
        VarSnippet v = (VarSnippet) snippet;
        Result r = new Result(v.name(), v.typeName(), value);
        if (named || v.typeName().startsWith("<")) {
            // the result stays in JShell: a snippet declared before it names it (a method waiting for
            // $N, which JShell has just compiled again), or its type is one no declaration can name
            // (<anonymous class extending Object>), which it would lose if declared again from here
            r.declared = v;
            r.classes = control.loader().installedSince(mark);
        } else {
            jshell.drop(v);
            List<Class<?>> classes = control.loader().installedSince(mark);
            SnippetClassLoader.clearVariable(classes, v.name());
            compiled.forget(v, classes);
        }
        keep(r);
    }

    /**
     * Forgets the class files of a statement, of an expression JShell keeps no variable for (an
     * assignment, a variable's value) or of a snippet just dropped: it ran once, and no later
     * snippet compiles against its class.
     */
    private void forgetIfRunOnce(Snippet snippet, long mark) {
        if (snippet instanceof StatementSnippet || snippet instanceof ExpressionSnippet
                || jshell.status(snippet) == Snippet.Status.DROPPED) {
            compiled.forget(snippet, control.loader().installedSince(mark));
        }
    }

    /** Whether {@code snippet} is an expression JShell keeps as a result variable ({@code $N}). */
    private static boolean isResult(Snippet snippet) {
        return snippet instanceof VarSnippet v && v.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    /** Adds {@code r} to the kept results, and lets go of the oldest beyond {@link #KEPT_RESULTS}. */
    private void keep(Result r) {
        results.remove(r.name);
        results.put(r.name, r);
        while (results.size() > KEPT_RESULTS) {
            var oldest = results.entrySet().iterator();
            Result old = oldest.next().getValue();
            oldest.remove();
            if (old.declared != null && jshell.status(old.declared).isActive()) {
                jshell.drop(old.declared);
                SnippetClassLoader.clearVariable(old.classes, old.name);
                compiled.forget(old.declared, old.classes);
            }
        }
    }

    /**
     * Declares in JShell, with their values, the kept results that {@code code} (a snippet's source
     * with its literals and comments blanked, {@link SourceText#codeOnly}: "$3" there names nothing)
     * names and JShell does not hold at the moment, so that the snippet compiles as if they had never
     * left. A result whose type cannot be named any more (an anonymous class, a type declared again
     * since) is declared as an {@code Object}. The caller holds the lock.
     */
    private void declareResults(String code) {
        if (results.isEmpty() || code.indexOf('$') < 0) {
            return;
        }
        java.util.regex.Matcher m = RESULT_NAME.matcher(code);
        while (m.find()) {
            Result r = results.get(m.group());
            if (r == null || (r.declared != null && jshell.status(r.declared).isActive())) {
                continue;
            }
            long mark = control.loader().installMark();
            VarSnippet declared = declareResult(r, r.typeName);
            if (declared == null && !r.typeName.equals("Object")) {
                declared = declareResult(r, "Object");
            }
            if (declared != null) {
                r.declared = declared;
                r.classes = control.loader().installedSince(mark);
            }
        }
    }

    /** Declares the result {@code r} as a variable of {@code type}; null if JShell refuses it. */
    private VarSnippet declareResult(Result r, String type) {
        long key = r.value == null ? 0 : Bindings.put(r.value);
        String init = r.value == null ? "null" : Bindings.takeSource(type, key);
        try {
            SnippetOutcome declared = evaluate(type + " " + r.name + " = " + init + ";");
            accepted.remove(accepted.size() - 1);
            return declared.event().snippet() instanceof VarSnippet v ? v : null;
        } catch (SessionException e) {
            LOG.debug("cannot declare {} as {}: {}", r.name, type, e.getMessage());
            return null;
        } finally {
            if (key != 0) {
                Bindings.discard(key);   // left there if the declaration did not run
            }
        }
    }

    /**
     * Drops the values that variables declared again in this snippet held before: JShell keeps them
     * in the classes of the replaced declarations, where nothing can read them any more, and a
     * replaced stream or output would otherwise stay reachable (and its data remembered) forever.
     */
    private void releaseOverwritten(List<SnippetEvent> events) {
        for (SnippetEvent e : events) {
            if (e.status() == Snippet.Status.OVERWRITTEN && e.snippet() instanceof jdk.jshell.VarSnippet v) {
                control.loader().releaseVariable(v.name());
            }
        }
    }

    /**
     * Refuses a snippet that declares or assigns {@code ssc}: the session, its commands and its
     * status would go on with the context they were given while the name pointed at another one.
     * {@code code} is {@code source} with its literals and comments blanked.
     */
    private void refuseRebindingContext(String source, String code) {
        if (!SSC_REBINDING.matcher(code).find()) {
            return;
        }
        for (Snippet sn : analysis.sourceToSnippets(source)) {
            boolean declares = sn instanceof VarSnippet v && v.name().equals("ssc");
            boolean assigns = sn instanceof ExpressionSnippet e && e.subKind() == Snippet.SubKind.ASSIGNMENT_SUBKIND
                    && e.name().equals("ssc");
            if (declares || assigns) {
                throw new CompileException("error: ssc is this session's StreamingContext and cannot be "
                        + (declares ? "declared" : "assigned") + " again; give another context a name of its own"
                        + " (StreamingContext mine = ...). For a fresh ssc, use :reset (in a notebook, restart the kernel).",
                        source);
            }
        }
    }

    private SnippetOutcome outcome(String source, SnippetEvent event, boolean update) {
        Snippet snippet = event.snippet();
        boolean invoked = control.invoked();
        Object value = control.lastValue();
        if (snippet instanceof VarSnippet v) {
            boolean temp = v.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
            return new SnippetOutcome(source, temp ? SnippetOutcome.Kind.EXPRESSION : SnippetOutcome.Kind.VARIABLE,
                    v.name(), v.typeName(), invoked, value, event, update);
        }
        if (snippet instanceof ExpressionSnippet e) {
            return new SnippetOutcome(source, SnippetOutcome.Kind.EXPRESSION, e.name(), e.typeName(), invoked,
                    value, event, update);
        }
        if (snippet instanceof MethodSnippet m) {
            return new SnippetOutcome(source, SnippetOutcome.Kind.METHOD, m.name() + "(" + m.parameterTypes() + ")",
                    "", false, null, event, update);
        }
        if (snippet instanceof TypeDeclSnippet t) {
            return new SnippetOutcome(source, SnippetOutcome.Kind.TYPE, t.name(), typeWord(t.subKind()), false,
                    null, event, update);
        }
        if (snippet instanceof ImportSnippet i) {
            return new SnippetOutcome(source, SnippetOutcome.Kind.IMPORT, i.fullname(), "", false, null, event, update);
        }
        return new SnippetOutcome(source, SnippetOutcome.Kind.STATEMENT, "", "", false, null, event, update);
    }

    private static String typeWord(Snippet.SubKind kind) {
        return switch (kind) {
            case INTERFACE_SUBKIND -> "interface";
            case ENUM_SUBKIND -> "enum";
            case ANNOTATION_TYPE_SUBKIND -> "annotation";
            case RECORD_SUBKIND -> "record";
            default -> "class";
        };
    }

    /** The class path JShell compiles against: this JVM's, plus wherever Sluice itself was loaded from. */
    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isBlank()) {
                entries.add(e);
            }
        }
        try {
            var source = Session.class.getProtectionDomain().getCodeSource();
            if (source != null) {
                entries.add(Path.of(source.getLocation().toURI()).toString());
            }
        } catch (URISyntaxException | RuntimeException e) {
            LOG.debug("cannot locate Sluice's own classes", e);
        }
        return String.join(File.pathSeparator, entries);
    }

    @Override
    public String toString() {
        return "Session[" + (closed ? "closed" : "open") + ", " + history.size() + " cells]";
    }
}
