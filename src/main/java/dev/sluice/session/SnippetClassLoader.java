package dev.sluice.session;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;
import jdk.jshell.spi.ExecutionControl.InternalException;

/**
 * Defines the classes JShell compiles from snippets, in this JVM, on top of the class loader that
 * loaded Sluice, so snippets and the engine share one copy of every engine class. Each class gets the
 * stop checks of {@link SnippetStops} before it is defined.
 *
 * <p>Threading: {@code load}, {@code classesRedefined} and {@code addToClasspath} are called by JShell
 * on the evaluating thread; {@code loadClass} may be called from any thread (engine threads running a
 * snippet's lambda resolve its classes here).
 */
final class SnippetClassLoader extends URLClassLoader implements LoaderDelegate {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final Map<String, byte[]> declared = new ConcurrentHashMap<>();
    private final Map<String, Class<?>> installed = new ConcurrentHashMap<>();
    /** The order in which classes were installed, to tell the classes of earlier snippets from new ones. */
    private final Map<String, Long> installedAt = new ConcurrentHashMap<>();
    /** The names installed, by their number in {@link #installedAt}: what each cell installed, without a walk over all. */
    private final java.util.concurrent.ConcurrentSkipListMap<Long, String> installOrder = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final java.util.concurrent.atomic.AtomicLong installs = new java.util.concurrent.atomic.AtomicLong();

    /** Class path entries whose classes the parent loader has: JShell is told of them for compiling only. */
    private final java.util.Set<String> parentEntries;

    /** Where each class's bytes are also written for a runner's executors, or null (the embedded engine). */
    private final Path classDir;

    SnippetClassLoader(ClassLoader parent, java.util.Set<String> parentEntries) {
        this(parent, parentEntries, null);
    }

    /**
     * A loader that also writes every class it is given, as defined here (stop checks included),
     * to {@code classDir} ({@code REPL/$JShell$12.class}), when that is not null.
     */
    SnippetClassLoader(ClassLoader parent, java.util.Set<String> parentEntries, Path classDir) {
        super("sluice-snippets", new URL[0], parent);
        this.parentEntries = java.util.Set.copyOf(parentEntries);
        this.classDir = classDir;
    }

    /** The directory snippet classes are written to for executors, or null. */
    Path classDir() {
        return classDir;
    }

    private void declare(ClassBytecodes c) {
        byte[] bytes = SnippetStops.instrument(c.name(), c.bytecodes());
        declared.put(c.name(), bytes);
        if (classDir != null) {
            ReplClassDirs.write(classDir, c.name(), bytes);
        }
    }

    @Override
    public void load(ClassBytecodes[] classes) throws ClassInstallException {
        boolean[] done = new boolean[classes.length];
        for (ClassBytecodes c : classes) {
            declare(c);
        }
        try {
            for (int i = 0; i < classes.length; i++) {
                Class<?> type = loadClass(classes[i].name());
                installed.put(classes[i].name(), type);
                long at = installs.incrementAndGet();
                installedAt.put(classes[i].name(), at);
                installOrder.put(at, classes[i].name());
                type.getDeclaredMethods(); // links the class now, so a broken one fails here, not mid-run
                done[i] = true;
            }
        } catch (Throwable e) {
            throw new ClassInstallException("cannot install snippet class: " + e, done);
        }
    }

    /**
     * Lets go of the values that the snippet variable {@code name} held under earlier declarations.
     * JShell redefines a variable's wrapper class in place when the variable is declared again with
     * the same type, but defines a new class ({@code $JShell$12B}, ...) when the type changed, and
     * keeps the old class, with the old value in its static field, although no snippet reads it any
     * more. The most recently installed class with that field is the current declaration; the field
     * is cleared in the others. Returns how many fields were cleared.
     */
    int releaseVariable(String name) {
        java.util.List<java.lang.reflect.Field> fields = new java.util.ArrayList<>();
        java.lang.reflect.Field current = null;
        long currentAt = -1;
        for (Map.Entry<String, Class<?>> e : installed.entrySet()) {
            Long at = installedAt.get(e.getKey());
            if (at == null || !e.getKey().startsWith("REPL.$JShell$")) {
                continue;
            }
            java.lang.reflect.Field f;
            try {
                f = e.getValue().getDeclaredField(name);
            } catch (NoSuchFieldException | RuntimeException | LinkageError notThere) {
                continue;
            }
            int mod = f.getModifiers();
            if (!java.lang.reflect.Modifier.isStatic(mod)) {
                continue;
            }
            if (at > currentAt) {              // the current declaration may have any type, a primitive too
                currentAt = at;
                current = f;
            }
            if (!java.lang.reflect.Modifier.isFinal(mod) && !f.getType().isPrimitive()) {
                fields.add(f);
            }
        }
        int cleared = 0;
        for (java.lang.reflect.Field f : fields) {
            if (f == current) {
                continue;
            }
            try {
                f.setAccessible(true);
                if (f.get(null) != null) {
                    f.set(null, null);
                    cleared++;
                }
            } catch (IllegalAccessException | RuntimeException ignored) {
                // left as it is
            }
        }
        return cleared;
    }

    /** Returns a mark of the classes installed so far, for {@link #installedSince}. */
    long installMark() {
        return installs.get();
    }

    /** Returns the snippet classes installed after {@code mark}. */
    java.util.List<Class<?>> installedSince(long mark) {
        java.util.List<Class<?>> out = new java.util.ArrayList<>();
        for (Map.Entry<Long, String> e : installOrder.tailMap(mark, false).entrySet()) {
            // a class installed again since is listed once, at its last install
            if (e.getKey().equals(installedAt.get(e.getValue()))) {
                Class<?> c = installed.get(e.getValue());
                if (c != null) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /**
     * Lets go of the value of the dropped snippet variable {@code name} (an expression result such as
     * {@code $12}) held in a static field of one of {@code classes}. Returns true if one was cleared.
     */
    static boolean clearVariable(java.util.List<Class<?>> classes, String name) {
        for (Class<?> c : classes) {
            try {
                java.lang.reflect.Field f = c.getDeclaredField(name);
                int mod = f.getModifiers();
                if (java.lang.reflect.Modifier.isStatic(mod) && !java.lang.reflect.Modifier.isFinal(mod) && !f.getType().isPrimitive()) {
                    f.setAccessible(true);
                    f.set(null, null);
                    return true;
                }
            } catch (NoSuchFieldException | IllegalAccessException | RuntimeException | LinkageError notThere) {
                // not declared there, or left as it is
            }
        }
        return false;
    }

    @Override
    public void classesRedefined(ClassBytecodes[] classes) {
        for (ClassBytecodes c : classes) {
            declare(c);
        }
    }

    @Override
    public void addToClasspath(String path) throws InternalException {
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isBlank() || parentEntries.contains(entry)) {
                continue; // the parent loader has those classes already
            }
            try {
                addURL(Path.of(entry).toUri().toURL());
            } catch (MalformedURLException | RuntimeException e) {
                throw new InternalException("bad class path entry " + entry + ": " + e.getMessage());
            }
        }
    }

    @Override
    public Class<?> findClass(String name) throws ClassNotFoundException {
        Class<?> known = installed.get(name);
        if (known != null) {
            return known;
        }
        byte[] bytes = declared.get(name);
        if (bytes != null) {
            return defineClass(name, bytes, 0, bytes.length);
        }
        return super.findClass(name);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        if (name.endsWith(".class")) {
            byte[] bytes = declared.get(name.substring(0, name.length() - 6).replace('/', '.'));
            if (bytes != null) {
                return new ByteArrayInputStream(bytes);
            }
        }
        return super.getResourceAsStream(name);
    }
}
