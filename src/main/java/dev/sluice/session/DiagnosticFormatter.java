package dev.sluice.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.UnresolvedReferenceException;

/** Turns compiler diagnostics and snippet exceptions into the messages the user reads. */
final class DiagnosticFormatter {

    /** Snippet classes are named {@code REPL.$JShell$<n>} (plus nested suffixes). */
    private static final Pattern SNIPPET_CLASS = Pattern.compile("^REPL\\.\\$JShell\\$\\d+.*$");

    private DiagnosticFormatter() {
    }

    /** Every error of a rejected snippet, each with its source line and a caret under the culprit. */
    static String format(JShell jshell, Snippet snippet) {
        String source = snippet.source();
        List<String> parts = new ArrayList<>();
        jshell.diagnostics(snippet).filter(Diag::isError).forEach(d -> parts.add(one(d, source)));
        if (parts.isEmpty()) {
            return "error: the snippet was rejected: " + source.strip();
        }
        return String.join("\n", parts);
    }

    private static String one(Diag d, String source) {
        String message = d.getMessage(Locale.ROOT).strip().replaceAll("\\n\\s*location: class\\s*$", "");
        message = PortingHints.forMessage(message).orElse(message);
        StringBuilder out = new StringBuilder("error: ").append(message);
        long pos = d.getPosition();
        if (pos < 0 || pos > source.length()) {
            return out.toString();
        }
        int lineStart = source.lastIndexOf('\n', (int) Math.max(0, pos - 1)) + 1;
        if (pos == 0) {
            lineStart = 0;
        }
        int lineEnd = source.indexOf('\n', (int) pos);
        if (lineEnd < 0) {
            lineEnd = source.length();
        }
        String line = source.substring(lineStart, lineEnd);
        int start = (int) Math.max(lineStart, Math.min(d.getStartPosition(), pos));
        int end = (int) Math.min(lineEnd, Math.max(d.getEndPosition(), pos + 1));
        StringBuilder caret = new StringBuilder();
        for (int i = lineStart; i < start; i++) {
            caret.append(line.charAt(i - lineStart) == '\t' ? '\t' : ' ');
        }
        caret.append('^');
        for (int i = start + 1; i < end; i++) {
            caret.append(i == end - 1 ? '^' : '-');
        }
        if (source.strip().contains("\n")) {
            int lineNo = 1 + (int) source.substring(0, lineStart).chars().filter(c -> c == '\n').count();
            out.append(" (line ").append(lineNo).append(')');
        }
        return out.append("\n  ").append(line).append("\n  ").append(caret).toString();
    }

    /** Explains a call into a declaration that still misses what it refers to. */
    static String unresolved(JShell jshell, UnresolvedReferenceException e) {
        DeclarationSnippet decl = e.getSnippet();
        List<String> missing = jshell.unresolvedDependencies(decl).toList();
        return "error: " + decl.name() + " cannot be used until " + String.join(", ", missing)
                + (missing.size() == 1 ? " is" : " are") + " declared; declare " + (missing.size() == 1 ? "it" : "them")
                + " and run the snippet again";
    }

    /**
     * The exception's description and stack trace, cut where the snippet was called from, with
     * frames of snippet code marked {@code (snippet)}.
     */
    static String stackTrace(Throwable t) {
        StringBuilder out = new StringBuilder();
        Throwable current = t;
        boolean first = true;
        int depth = 0;
        while (current != null && depth++ < 10) {
            out.append(first ? "" : "\nCaused by: ").append(current);
            int engineFrames = 0;
            for (StackTraceElement frame : current.getStackTrace()) {
                if (isCallSite(frame)) {
                    break;
                }
                // the engine's own frames tell a user nothing: one line stands for each run of them
                if (frame.getClassName().startsWith(ENGINE_PACKAGE)) {
                    engineFrames++;
                    continue;
                }
                appendEngineFrames(out, engineFrames);
                engineFrames = 0;
                out.append("\n\tat ").append(frame(frame));
            }
            appendEngineFrames(out, engineFrames);
            first = false;
            current = current.getCause() == current ? null : current.getCause();
        }
        return out.toString();
    }

    private static final String ENGINE_PACKAGE = "dev.sluice.engine.";

    private static void appendEngineFrames(StringBuilder out, int n) {
        if (n > 0) {
            out.append("\n\t... ").append(n).append(n == 1 ? " frame" : " frames").append(" in the engine");
        }
    }

    private static boolean isCallSite(StackTraceElement frame) {
        String cls = frame.getClassName();
        return cls.startsWith("jdk.internal.reflect.") || cls.startsWith("java.lang.reflect.Method")
                || cls.startsWith(SnippetExecutionControl.class.getName());
    }

    private static String frame(StackTraceElement frame) {
        Matcher m = SNIPPET_CLASS.matcher(frame.getClassName());
        if (!m.matches()) {
            return frame.toString();
        }
        String method = frame.getMethodName();
        if (method.equals("do_it$")) {
            return "(snippet)";
        }
        if (method.startsWith("lambda$")) {
            return "lambda (snippet)";
        }
        return method + " (snippet)";
    }
}
