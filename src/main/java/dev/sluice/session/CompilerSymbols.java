package dev.sluice.session;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import jdk.jshell.JShell;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class symbols of JShell's compilers, laid out again so that JShell's walk over them after each
 * compiler pass is short.
 *
 * <p>After every compiler pass (four or five per cell), JShell walks every class symbol its compiler
 * holds, about 1,900 once the default imports are listed, to drop those of the snippet package. Each
 * symbol sits behind a map entry and a map of its own (one per class name, for the modules that
 * have a class of that name), allocated when the symbol was entered, scattered over the heap among
 * the compiler's other objects; in a kernel this walk took about a third of a trivial cell's time.
 * The first time it sees a compiler, this class makes the compiler's table again as a
 * {@link SnippetNamesFirst}, which hands the walk only the names of the snippet package, the few it
 * is looking for. {@link #compact} makes those entries and maps again from time to time, one after
 * another, leaving out the names whose classes were all dropped.
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
    /**
     * Whether the tables are made again as {@link SnippetNamesFirst} maps: on the Java versions whose
     * javac and JShell were read for it (17 to 25; the tests run on 17 and 25), where the table is
     * a final field that may still be set by reflection without a warning. Elsewhere they are only
     * compacted.
     */
    boolean snippetNamesApart = Runtime.version().feature() <= LAST_CHECKED_FEATURE;
    private static final int LAST_CHECKED_FEATURE = 25;
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
            List<Object> symtabs = symtabs();
            List<Map<Object, Map<Object, Object>>> tables = tables(symtabs);
            int symbols = 0;
            for (Map<Object, Map<Object, Object>> t : tables) {
                symbols += t.size();
            }
            if (symbolsAtLastCompaction >= 0 && symbols < symbolsAtLastCompaction + GROWTH) {
                return;
            }
            long started = System.nanoTime();
            int empty = 0;
            for (int i = 0; i < symtabs.size(); i++) {
                Map<Object, Map<Object, Object>> t = tables.get(i);
                if (t instanceof SnippetNamesFirst || !snippetNamesApart) {
                    empty += compact(t);
                } else {
                    // the first time for this compiler: its table is made anew, as compacting does,
                    // in a map that also keeps the snippet package's names apart
                    SnippetNamesFirst names = new SnippetNamesFirst();
                    empty += t.size() - copyNonEmpty(t, names);
                    classesOfSymtab.set(symtabs.get(i), names);
                }
            }
            symbolsAtLastCompaction = symbols - empty;
            compactions++;
            LOG.debug("compacted the compilers' symbol tables: {} names, {} empty ones left out, in {} µs", symbols, empty,
                    (System.nanoTime() - started) / 1000);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("compacting JShell's compiler symbols failed; they stay where they are", e);
        }
    }

    /** The class tables of {@code symtabs}, in the same order. */
    @SuppressWarnings("unchecked")
    private List<Map<Object, Map<Object, Object>>> tables(List<Object> symtabs) throws ReflectiveOperationException {
        List<Map<Object, Map<Object, Object>>> tables = new ArrayList<>();
        for (Object symtab : symtabs) {
            tables.add((Map<Object, Map<Object, Object>>) classesOfSymtab.get(symtab));
        }
        return tables;
    }

    /** The class tables of the pooled compilers, for tests. */
    List<Map<Object, Map<Object, Object>>> tablesForTests() throws ReflectiveOperationException {
        return tables(symtabs());
    }

    /** The symbol tables of the pooled compilers. */
    private List<Object> symtabs() throws ReflectiveOperationException {
        List<Object> symtabs = new ArrayList<>();
        for (Object queue : ((Map<?, ?>) contextsOfPool.get(pool)).values()) {
            for (Object context : (Collection<?>) queue) {
                symtabs.add(symtabOf.invoke(null, context));
            }
        }
        return symtabs;
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
        Map<Object, Map<Object, Object>> kept = new LinkedHashMap<>(classes);
        classes.clear();
        return kept.size() - copyNonEmpty(kept, classes);
    }

    /**
     * Puts into {@code to} each name of {@code from} whose map is not empty, with a copy of that map,
     * in {@code from}'s iteration order; returns how many were put.
     */
    private static int copyNonEmpty(Map<Object, Map<Object, Object>> from, Map<Object, Map<Object, Object>> to) {
        int n = 0;
        // each name's map, its array, its entry and the outer entry are allocated together, in the
        // order in which they will be walked
        for (Map.Entry<Object, Map<Object, Object>> e : from.entrySet()) {
            if (!e.getValue().isEmpty()) {
                to.put(e.getKey(), new HashMap<>(e.getValue()));
                n++;
            }
        }
        return n;
    }

    /**
     * A compiler's table of class names (javac's {@code Symtab.classes}) whose {@link #values()}
     * gives only the names of JShell's snippet package ({@value #SNIPPET_PACKAGE}).
     *
     * <p>After every compiler pass JShell walks {@code values()} (through {@code Symtab.getAllClasses})
     * to drop the classes of that package, testing every class the compiler holds, some two thousand,
     * to find the few of the cell's snippets. javac reads the table only by name and walks its values
     * nowhere else but for annotation processing, which JShell turns off in every pass
     * ({@code -proc:none}). Every way a name enters is tracked here, so no snippet class is missed.
     */
    static final class SnippetNamesFirst extends HashMap<Object, Map<Object, Object>> {
        static final String SNIPPET_PACKAGE = "REPL";
        private static final String PREFIX = SNIPPET_PACKAGE + ".";
        /** The names of the snippet package in this table, in the order they entered. */
        private final Set<Object> snippetNames = new LinkedHashSet<>();

        /** Notes {@code name} if it is new here and of the snippet package (a name already here was noted when it came). */
        private void entered(Object name) {
            if (name != null && !containsKey(name) && name.toString().startsWith(PREFIX)) {
                snippetNames.add(name);
            }
        }

        @Override
        public Map<Object, Object> put(Object key, Map<Object, Object> value) {
            entered(key);
            return super.put(key, value);
        }

        @Override
        public void putAll(Map<?, ? extends Map<Object, Object>> m) {
            m.forEach(this::put);
        }

        @Override
        public Map<Object, Object> putIfAbsent(Object key, Map<Object, Object> value) {
            entered(key);
            return super.putIfAbsent(key, value);
        }

        @Override
        public Map<Object, Object> computeIfAbsent(Object key, Function<? super Object, ? extends Map<Object, Object>> f) {
            Map<Object, Object> present = get(key); // javac's way in: once per class symbol entered
            if (present != null) {
                return present;
            }
            entered(key);
            return super.computeIfAbsent(key, f);
        }

        @Override
        public Map<Object, Object> compute(Object key, BiFunction<? super Object, ? super Map<Object, Object>, ? extends Map<Object, Object>> f) {
            entered(key);
            return super.compute(key, f);
        }

        @Override
        public Map<Object, Object> merge(Object key, Map<Object, Object> value,
                                         BiFunction<? super Map<Object, Object>, ? super Map<Object, Object>, ? extends Map<Object, Object>> f) {
            entered(key);
            return super.merge(key, value, f);
        }

        @Override
        public Map<Object, Object> remove(Object key) {
            snippetNames.remove(key);
            return super.remove(key);
        }

        @Override
        public void clear() {
            snippetNames.clear();
            super.clear();
        }

        /** The maps of the snippet package's names only (what JShell's clean-up walks). */
        @Override
        public Collection<Map<Object, Object>> values() {
            return new AbstractCollection<>() {
                @Override
                public Iterator<Map<Object, Object>> iterator() {
                    Iterator<Object> names = snippetNames.iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return names.hasNext();
                        }

                        @Override
                        public Map<Object, Object> next() {
                            Map<Object, Object> m = get(names.next());
                            return m != null ? m : Map.of();
                        }
                    };
                }

                @Override
                public int size() {
                    return snippetNames.size();
                }
            };
        }

        /** The names of every package, for this class's own tests. */
        Collection<Map<Object, Object>> allValues() {
            return super.values();
        }
    }
}
