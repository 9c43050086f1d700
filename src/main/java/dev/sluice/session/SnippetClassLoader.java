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

    SnippetClassLoader(ClassLoader parent) {
        super("sluice-snippets", new URL[0], parent);
    }

    @Override
    public void load(ClassBytecodes[] classes) throws ClassInstallException {
        boolean[] done = new boolean[classes.length];
        for (ClassBytecodes c : classes) {
            declared.put(c.name(), SnippetStops.instrument(c.name(), c.bytecodes()));
        }
        try {
            for (int i = 0; i < classes.length; i++) {
                Class<?> type = loadClass(classes[i].name());
                installed.put(classes[i].name(), type);
                type.getDeclaredMethods(); // links the class now, so a broken one fails here, not mid-run
                done[i] = true;
            }
        } catch (Throwable e) {
            throw new ClassInstallException("cannot install snippet class: " + e, done);
        }
    }

    @Override
    public void classesRedefined(ClassBytecodes[] classes) {
        for (ClassBytecodes c : classes) {
            declared.put(c.name(), SnippetStops.instrument(c.name(), c.bytecodes()));
        }
    }

    @Override
    public void addToClasspath(String path) throws InternalException {
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
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
