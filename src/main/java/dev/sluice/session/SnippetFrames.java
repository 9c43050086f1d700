package dev.sluice.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Names the snippet and line of a stack frame in a class JShell compiled from a snippet, as in
 * {@code div (snippet #8, line 2): return 10 / x;}, or {@code (demo.jsh:14)} for a snippet read
 * from a script.
 *
 * <p>JShell compiles each snippet inside a generated class ({@code REPL.$JShell$12}), so frame line
 * numbers count lines of that generated source; {@link #remember} maps them back to the snippet's
 * own lines while the snippet is fresh. Threading: {@link #remember} runs on the evaluating thread
 * (under the session's lock, where JShell may be called); {@link #frame} on any thread, without
 * calling JShell.
 */
final class SnippetFrames {

    /** Where a snippet came from: a file and the line its first line is on. */
    record Origin(String file, int firstLine) {
    }

    private record Known(String id, String name, int[] snippetLine, String[] lines, Origin origin) {
    }

    private final Map<String, Known> byClass = new ConcurrentHashMap<>();

    /** Learns the generated class of {@code snippet} and how its lines map to the snippet's. */
    void remember(SourceCodeAnalysis analysis, Snippet snippet, Origin origin) {
        SourceCodeAnalysis.SnippetWrapper w;
        try {
            w = analysis.wrapper(snippet);
        } catch (RuntimeException e) {
            return;
        }
        String wrapped = w.wrapped();
        String source = w.source();
        String[] wrappedLines = wrapped.split("\n", -1);
        int[] map = new int[wrappedLines.length + 1];
        int pos = 0;
        for (int line = 0; line < wrappedLines.length; line++) {
            map[line + 1] = -1;
            for (int i = 0; i < wrappedLines[line].length(); i++) {
                int at = w.wrappedToSourcePosition(pos + i);
                if (at >= 0 && at <= source.length()) {
                    map[line + 1] = 1 + (int) source.substring(0, at).chars().filter(c -> c == '\n').count();
                    break;
                }
            }
            pos += wrappedLines[line].length() + 1;
        }
        String name = snippet instanceof DeclarationSnippet d ? d.name() : null;
        byClass.put(w.fullClassName(), new Known(snippet.id(), name, map, source.split("\n", -1), origin));
    }

    /** Whether the frame is in a class compiled from a snippet. */
    boolean isSnippet(StackTraceElement f) {
        return known(f.getClassName()) != null || f.getClassName().startsWith("REPL.$JShell$");
    }

    /** The frame as the user reads it: method, snippet and line, and that line's source; others as the JVM writes them. */
    String frame(StackTraceElement f) {
        Known k = known(f.getClassName());
        if (k == null) {
            return f.getClassName().startsWith("REPL.$JShell$") ? method(f.getMethodName()) + " (snippet)" : f.toString();
        }
        String method = method(f.getMethodName());
        int wrappedLine = f.getLineNumber();
        int line = wrappedLine > 0 && wrappedLine < k.snippetLine.length ? k.snippetLine[wrappedLine] : -1;
        StringBuilder out = new StringBuilder(method.isEmpty() ? "" : method + " ");
        if (k.origin != null) {
            out.append('(').append(k.origin.file()).append(':')
                    .append(line > 0 ? k.origin.firstLine() + line - 1 : k.origin.firstLine()).append(')');
        } else {
            out.append("(snippet #").append(k.id).append(line > 0 ? ", line " + line : "").append(')');
        }
        if (line > 0 && line <= k.lines.length) {
            out.append(": ").append(k.lines[line - 1].strip());
        }
        return out.toString();
    }

    private Known known(String className) {
        Known k = byClass.get(className);
        int cut = className.length();
        while (k == null && (cut = className.lastIndexOf('$', cut - 1)) > "REPL.$JShell$".length()) {
            k = byClass.get(className.substring(0, cut));
        }
        return k;
    }

    /** {@code do_it$} (the snippet's statement) has no name of its own; a lambda says where it is. */
    private static String method(String m) {
        if (m.equals("do_it$")) {
            return "";
        }
        if (m.startsWith("lambda$")) {
            // lambda$<method>$<n>, or lambda$<method>$<hash>$<n> for a serializable lambda
            String in = m.substring("lambda$".length());
            if (in.startsWith("do_it$") || in.startsWith("static$") || in.startsWith("new$")) {
                return "lambda";
            }
            int end = in.indexOf('$');
            return end > 0 ? "lambda in " + in.substring(0, end) : "lambda";
        }
        return m;
    }
}
