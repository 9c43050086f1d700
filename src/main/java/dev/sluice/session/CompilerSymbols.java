package dev.sluice.session;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jshell.JShell;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class symbols of JShell's compilers, laid out again in the order JShell walks them.
 *
 * <p>After every compiler pass (four or five per cell), JShell walks every class symbol its compiler
 * holds, about 1,900 once the default imports are listed, to drop those of the snippet package. Each
 * symbol sits behind a map entry and a map of its own (one per class name, for the modules that
 * have a class of that name), allocated when the symbol was entered, scattered over the heap among
 * the compiler's other objects. By the next pass the compiler has pushed them out of the cache, so
 * the walk waits on memory at every step: in a kernel it took about a third of a trivial cell's time.
 * {@link #compact} makes those entries and maps again, one after another in the order of the walk, so
 * that it reads memory in sequence instead.
 *
 * <p>JShell and javac have no API for this: it reaches their pooled compiler contexts by reflection,
 * which works when {@code jdk.jshell} and javac's {@code api} and {@code code} packages are open to
 * Sluice (as the launcher and the kernelspecs start Java); without that, nothing is done and nothing
 * else changes. Only the containers are made again, with the same keys and values: the compiler
 * sees the same symbols.
 */
final class CompilerSymbols {
    private static final Logger LOG = LoggerFactory.getLogger(CompilerSymbols.class);
    /**
     * How many names may be entered after a compaction before the next one. Each cell brings back
     * the names of the live snippets' classes and adds its own (entered and removed in every pass),
     * so this comes every couple of hundred cells at most; it takes a millisecond or two.
     */
    private static final int GROWTH = 256;

    /** JShell's task factory, whose pool of compilers is made anew when the class path grows. */
    private final Object taskFactory;
    private final Field poolOfFactory;
    private final Field contextsOfPool;
    private final Method symtabOf;
    private final Field classesOfSymtab;
    private Object pool;
    private int symbolsAtLastCompaction = -1;
    private int compactions;

    private CompilerSymbols(Object taskFactory, Field poolOfFactory, Field contextsOfPool, Method symtabOf, Field classesOfSymtab) {
        this.taskFactory = taskFactory;
        this.poolOfFactory = poolOfFactory;
        this.contextsOfPool = contextsOfPool;
        this.symtabOf = symtabOf;
        this.classesOfSymtab = classesOfSymtab;
    }

    /** The compilers of {@code shell}, or a stand-in that does nothing if they cannot be reached. */
    static CompilerSymbols of(JShell shell) {
        try {
            Object taskFactory = CompiledSnippets.read(shell, JShell.class, "taskFactory");
            Field poolOfFactory = CompiledSnippets.field(taskFactory.getClass(), "javacTaskPool");
            Object pool = poolOfFactory.get(taskFactory);
            Field contextsOfPool = CompiledSnippets.field(pool.getClass(), "options2Contexts");
            ClassLoader javac = pool.getClass().getClassLoader();
            Class<?> context = Class.forName("com.sun.tools.javac.util.Context", false, javac);
            Class<?> symtab = Class.forName("com.sun.tools.javac.code.Symtab", false, javac);
            Method instance = symtab.getMethod("instance", context);
            instance.setAccessible(true);
            Field classes = CompiledSnippets.field(symtab, "classes");
            if (contextsOfPool.get(pool) instanceof Map<?, ?> && Map.class.isAssignableFrom(classes.getType())) {
                return new CompilerSymbols(taskFactory, poolOfFactory, contextsOfPool, instance, classes);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("JShell's compiler symbols cannot be reached; they stay where they are", e);
        }
        return new CompilerSymbols(null, null, null, null, null);
    }

    /** How many times the tables were laid out again. */
    int compactions() {
        return compactions;
    }

    /** Whether the compilers could be reached. */
    boolean reachable() {
        return taskFactory != null;
    }

    /**
     * Lays the symbol tables' containers out again when {@value #GROWTH} or more names were entered
     * since the last time (or this is the first). Called between evaluations, under the session's
     * lock, when no compiler runs: the pooled contexts are idle.
     */
    void compactIfGrown() {
        if (taskFactory == null) {
            return;
        }
        try {
            Object current = poolOfFactory.get(taskFactory);
            if (current != pool) {
                // a class path that grew (:classpath, :dependency) gave JShell new compilers
                pool = current;
                symbolsAtLastCompaction = -1;
            }
            List<Map<Object, Map<Object, Object>>> tables = tables();
            int symbols = 0;
            for (Map<Object, Map<Object, Object>> t : tables) {
                symbols += t.size();
            }
            if (symbolsAtLastCompaction >= 0 && symbols < symbolsAtLastCompaction + GROWTH) {
                return;
            }
            long started = System.nanoTime();
            int empty = 0;
            for (Map<Object, Map<Object, Object>> t : tables) {
                empty += compact(t);
            }
            symbolsAtLastCompaction = symbols - empty;
            compactions++;
            LOG.debug("compacted the compilers' symbol tables: {} names, {} empty ones left out, in {} µs", symbols, empty,
                    (System.nanoTime() - started) / 1000);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("compacting JShell's compiler symbols failed; they stay where they are", e);
        }
    }

    @SuppressWarnings("unchecked")
    private List<Map<Object, Map<Object, Object>>> tables() throws ReflectiveOperationException {
        List<Map<Object, Map<Object, Object>>> tables = new ArrayList<>();
        for (Object queue : ((Map<?, ?>) contextsOfPool.get(pool)).values()) {
            for (Object context : (Collection<?>) queue) {
                Object symtab = symtabOf.invoke(null, context);
                tables.add((Map<Object, Map<Object, Object>>) classesOfSymtab.get(symtab));
            }
        }
        return tables;
    }

    /**
     * Makes the entries of {@code classes} and the per-name maps again, in its iteration order: the
     * same keys and values, in new containers allocated one after another. Names whose map is empty
     * are left out: javac reads a missing name and an empty map alike, and removing a class empties
     * its name's map without removing the name, so each snippet class compiled since the start
     * (every pass removes them) leaves one such name behind to be walked. Returns how many names
     * were left out.
     */
    static int compact(Map<Object, Map<Object, Object>> classes) {
        Object[] names = new Object[classes.size()];
        Object[] perName = new Object[classes.size()];
        int n = 0;
        for (Map.Entry<Object, Map<Object, Object>> e : classes.entrySet()) {
            if (!e.getValue().isEmpty()) {
                names[n] = e.getKey();
                perName[n++] = e.getValue();
            }
        }
        int empty = classes.size() - n;
        classes.clear();
        // the same table, the same keys in the same order: each name's map, its array, its entry
        // and the outer entry are allocated together, in the order in which they will be walked
        for (int i = 0; i < n; i++) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> copy = new HashMap<>((Map<Object, Object>) perName[i]);
            classes.put(names[i], copy);
        }
        return empty;
    }
}
