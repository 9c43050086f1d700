package dev.sluice.session;

import java.lang.reflect.Field;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class files JShell keeps for compiling later snippets against, where the session can forget
 * those of dropped snippets.
 *
 * <p>JShell's compiler lists the snippet package, {@code REPL}, in every pass, and the listing holds
 * the class file of every snippet compiled since the JShell started, dropped ones too: with one
 * class per expression result, each pass enters a symbol more per cell evaluated before. JShell has
 * no API to forget a class file, so this reaches its map of them by reflection, which works when
 * {@code jdk.jshell} is open to Sluice ({@code --add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED}, as
 * the launcher and the kernel start Java); without it, nothing is forgotten and nothing else changes.
 */
final class CompiledSnippets {
    private static final Logger LOG = LoggerFactory.getLogger(CompiledSnippets.class);

    private final Map<?, ?> classFiles;

    private CompiledSnippets(Map<?, ?> classFiles) {
        this.classFiles = classFiles;
    }

    /** The class files of {@code shell}'s snippets, or a stand-in that forgets nothing if they cannot be reached. */
    static CompiledSnippets of(JShell shell) {
        try {
            Object taskFactory = read(shell, JShell.class, "taskFactory");
            Object fileManager = read(taskFactory, taskFactory.getClass(), "fileManager");
            Object classObjects = read(fileManager, fileManager.getClass(), "classObjects");
            if (classObjects instanceof Map<?, ?> map) {
                return new CompiledSnippets(map);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("JShell's class files cannot be reached; those of dropped snippets stay", e);
        }
        return new CompiledSnippets(null);
    }

    /** The value of {@code owner}'s field {@code name}, declared in {@code type}, read past its access. */
    static Object read(Object owner, Class<?> type, String name) throws ReflectiveOperationException {
        return field(type, name).get(owner);
    }

    /** The field {@code name} declared by {@code type}, made accessible. */
    static Field field(Class<?> type, String name) throws ReflectiveOperationException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    /** How many class files JShell keeps; -1 when they cannot be reached. */
    int size() {
        return classFiles == null ? -1 : classFiles.size();
    }

    /**
     * Forgets the class files of the dropped snippet {@code dropped} among {@code installed}: its
     * wrapper class ({@code REPL.$JShell$12}, or {@code $JShell$12B} for a later version) and the
     * classes nested in it; other snippets' classes installed in the same evaluation stay. The
     * caller holds the session's lock.
     */
    void forget(Snippet dropped, Collection<Class<?>> installed) {
        if (classFiles == null) {
            return;
        }
        Pattern own = Pattern.compile("REPL\\.\\$JShell\\$" + Pattern.quote(dropped.id()) + "[A-Z]*(\\$.*)?");
        for (Class<?> c : installed) {
            if (own.matcher(c.getName()).matches()) {
                classFiles.remove(c.getName());
            }
        }
    }
}
