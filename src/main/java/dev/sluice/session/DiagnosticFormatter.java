package dev.sluice.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import dev.sluice.engine.scheduler.StackFrames;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.UnresolvedReferenceException;

/** Turns compiler diagnostics and snippet exceptions into the messages the user reads. */
final class DiagnosticFormatter {

    private DiagnosticFormatter() {
    }

    /**
     * Every error of a rejected snippet, each with its source line and a caret under the culprit;
     * for code written against Spark's API only the first error with a porting hint, since the
     * others follow from it (the same Spark name used twice, Spark's variables).
     */
    static String format(JShell jshell, Snippet snippet) {
        String source = snippet.source();
        List<Diag> errors = jshell.diagnostics(snippet).filter(Diag::isError).toList();
        List<Diag> hinted = errors.stream().filter(d -> PortingHints.forMessage(message(d)).isPresent()).toList();
        List<String> parts = new ArrayList<>();
        (hinted.isEmpty() ? errors : hinted.subList(0, 1)).forEach(d -> parts.add(one(d, source)));
        if (parts.isEmpty()) {
            return "error: the snippet was rejected: " + source.strip();
        }
        return String.join("\n", parts);
    }

    private static String message(Diag d) {
        return d.getMessage(Locale.ROOT).strip().replaceAll("\\n\\s*location: class\\s*$", "");
    }

    private static String one(Diag d, String source) {
        String message = message(d);
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
     * frames of snippet code named by snippet and line, and the engine's frames folded.
     */
    static String stackTrace(Throwable t, SnippetFrames frames) {
        return StackFrames.folded(t, frames::frame, DiagnosticFormatter::isCallSite);
    }

    /**
     * The stack trace of an exception thrown in a job of the engine (a user function in a running
     * stream), with frames of snippet code named by snippet and line and the engine's frames folded.
     */
    static String jobStackTrace(Throwable t, SnippetFrames frames) {
        return StackFrames.folded(t, frames::frame);
    }

    private static boolean isCallSite(StackTraceElement frame) {
        String cls = frame.getClassName();
        return cls.startsWith("jdk.internal.reflect.") || cls.startsWith("java.lang.reflect.Method")
                || cls.startsWith(SnippetExecutionControl.class.getName());
    }
}
