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

    /**
     * How many snippets JShell's list of them may grow by before the finished ones are taken out of
     * it again: a few microseconds each time, against a copy of the whole list in every compiler pass.
     */
    private static final int LIST_GROWTH = 64;

    private final JShell shell;
    private final Map<?, ?> classFiles;
    /** JShell's list of every snippet it was given, finished ones too; null if it cannot be reached. */
    private final Collection<?> listed;
    private int listedAfterPrune;

    private CompiledSnippets(JShell shell, Map<?, ?> classFiles, Collection<?> listed) {
        this.shell = shell;
        this.classFiles = classFiles;
        this.listed = listed;
    }

    /** The class files of {@code shell}'s snippets, or a stand-in that forgets nothing if they cannot be reached. */
    static CompiledSnippets of(JShell shell) {
        Map<?, ?> classFiles = null;
        try {
            Object taskFactory = read(shell, JShell.class, "taskFactory");
            Object fileManager = read(taskFactory, taskFactory.getClass(), "fileManager");
            Object classObjects = read(fileManager, fileManager.getClass(), "classObjects");
            if (classObjects instanceof Map<?, ?> map) {
                classFiles = map;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("JShell's class files cannot be reached; those of dropped snippets stay", e);
        }
        Collection<?> listed = null;
        try {
            Object maps = read(shell, JShell.class, "maps");
            if (read(maps, maps.getClass(), "snippets") instanceof java.util.Set<?> set) {
                listed = set;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("JShell's list of snippets cannot be reached; finished snippets stay in it", e);
        }
        return new CompiledSnippets(shell, classFiles, listed);
    }

    /**
     * Takes the finished snippets (dropped, overwritten or rejected: JShell never makes them active
     * again) out of JShell's list of every snippet it was given, once it has grown by
     * {@value #LIST_GROWTH} since the last time. JShell copies that list in every compiler pass to
     * find the variables to type, and in every {@code variables()}, {@code imports()} and such, all
     * of which keep only active snippets: without this the copy grows by a snippet or two per cell
     * for the whole session (each expression's result is a variable dropped right after). Finished
     * snippets then no longer appear in {@code JShell.snippets()}, which the session does not use for
     * them. The caller holds the session's lock.
     */
    void pruneFinished() {
        if (listed == null || listed.size() < listedAfterPrune + LIST_GROWTH) {
            return;
        }
        try {
            listed.removeIf(s -> s instanceof Snippet snippet && !shell.status(snippet).isActive());
        } catch (RuntimeException e) {
            LOG.debug("cannot take finished snippets out of JShell's list", e);
        }
        listedAfterPrune = listed.size();
    }

    /** How many snippets JShell lists; -1 when they cannot be reached. */
    int listedSnippets() {
        return listed == null ? -1 : listed.size();
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
