package dev.sluice.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;

/**
 * Answers what the cursor asks for, from JShell's source analysis: completions, the signatures of
 * the call whose arguments hold the cursor, and the documentation of what is there. The session
 * calls it holding its lock; it keeps no state but the API's javadoc.
 */
final class CursorHelp {

    /** Words before a parenthesis that does not open a call's arguments. */
    private static final Set<String> NOT_CALLS = Set.of("if", "for", "while", "switch", "catch", "synchronized",
            "try", "return", "throw", "case", "yield", "assert", "else", "do");

    /** {@code Type.member(} in a JShell signature. */
    private static final java.util.regex.Pattern MEMBER = java.util.regex.Pattern.compile("\\w(?:<[^()]*?>)?\\.\\w+\\(");

    private final ApiDocs apiDocs = new ApiDocs();

    /** Completion candidates at the cursor, those matching the expected type first. */
    Completions complete(SourceCodeAnalysis analysis, String code, int cursor) {
        int start = snippetStart(analysis, code, cursor);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions =
                analysis.completionSuggestions(code.substring(start), cursor - start, anchor);
        Set<String> typed = new LinkedHashSet<>();
        Set<String> other = new LinkedHashSet<>();
        for (SourceCodeAnalysis.Suggestion s : suggestions) {
            (s.matchesType() ? typed : other).add(s.continuation());
        }
        int typedCount = typed.size();
        typed.addAll(other);
        return new Completions(start + anchor[0], new ArrayList<>(typed), typedCount);
    }

    /**
     * The signatures and javadoc of what is at the cursor; in a call's arguments where JShell finds
     * nothing (an argument it cannot type yet, such as a lambda, or a name that is not a member),
     * those of the call.
     */
    String inspect(SourceCodeAnalysis analysis, String code, int cursor) {
        StringBuilder text = new StringBuilder();
        boolean undocumented = false;
        for (SourceCodeAnalysis.Documentation d : documentation(analysis, code, cursor, true)) {
            if (text.length() > 0) {
                text.append("\n\n");
            }
            text.append(d.signature());
            String javadoc = d.javadoc() != null && !d.javadoc().isBlank() ? d.javadoc() : apiDocs.javadoc(d.signature());
            if (!javadoc.isBlank()) {
                text.append('\n').append(javadoc.strip());
            } else if (MEMBER.matcher(d.signature()).find()) {
                undocumented = true;        // a member of a class (not a variable, not a snippet's method)
            }
        }
        if (undocumented && JdkSources.srcZip().isEmpty()) {
            // say why, when it may be the JDK's sources that are missing rather than the javadoc itself
            text.append("\n\n").append(JdkSources.missingNote());
        }
        return text.toString();
    }

    /** The call whose arguments hold the cursor, with the signatures that fit it so far; null outside a call. */
    CallSignatures call(SourceCodeAnalysis analysis, String code, int cursor) {
        int start = snippetStart(analysis, code, cursor);
        int[] at = enclosingCall(code, start, cursor);
        if (at == null) {
            return null;
        }
        List<String> signatures = analysis.documentation(code.substring(start), cursor - start, false).stream()
                .map(SourceCodeAnalysis.Documentation::signature).toList();
        if (signatures.isEmpty()) {
            // JShell finds no candidate when an earlier argument does not attribute (a lambda whose
            // types come from the overload); then every overload that takes that many arguments fits
            int paren = at[0];
            signatures = analysis.documentation(code.substring(start, paren + 1), paren + 1 - start, false).stream()
                    .map(SourceCodeAnalysis.Documentation::signature)
                    .filter(s -> CallSignatures.fits(s, at[1]))
                    .toList();
        }
        return signatures.isEmpty() ? null : new CallSignatures(at[1], signatures);
    }

    private List<SourceCodeAnalysis.Documentation> documentation(SourceCodeAnalysis analysis, String code, int cursor,
                                                                 boolean javadoc) {
        int start = snippetStart(analysis, code, cursor);
        List<SourceCodeAnalysis.Documentation> found =
                analysis.documentation(code.substring(start), cursor - start, javadoc);
        if (!found.isEmpty()) {
            return found;
        }
        int[] at = enclosingCall(code, start, cursor);
        if (at == null) {
            return found;
        }
        int paren = at[0];
        List<SourceCodeAnalysis.Documentation> all =
                analysis.documentation(code.substring(start, paren + 1), paren + 1 - start, javadoc);
        List<SourceCodeAnalysis.Documentation> fitting =
                all.stream().filter(d -> CallSignatures.fits(d.signature(), at[1])).toList();
        return fitting.isEmpty() ? all : fitting;
    }

    /**
     * The opening parenthesis of the innermost call whose arguments hold the cursor and the index of
     * the argument there (commas before the cursor at that depth), or null when the cursor is not in
     * the parentheses of a call. String and character literals and comments are skipped.
     */
    static int[] enclosingCall(String code, int from, int cursor) {
        Deque<int[]> open = new ArrayDeque<>();   // {position, bracket, commas}
        int i = from;
        while (i < cursor) {
            char c = code.charAt(i);
            if (c == '"' || c == '\'') {
                boolean block = c == '"' && code.startsWith("\"\"\"", i);
                int end = block ? code.indexOf("\"\"\"", i + 3) : SourceText.literalEnd(code, i, c);
                if (end < 0 || end >= cursor) {
                    return null;            // the cursor is inside the literal
                }
                i = end + (block ? 3 : 1);
                continue;
            }
            if (c == '/' && i + 1 < cursor && code.charAt(i + 1) == '/') {
                int end = code.indexOf('\n', i);
                if (end < 0 || end >= cursor) {
                    return null;
                }
                i = end + 1;
                continue;
            }
            if (c == '/' && i + 1 < cursor && code.charAt(i + 1) == '*') {
                int end = code.indexOf("*/", i + 2);
                if (end < 0 || end + 2 > cursor) {
                    return null;
                }
                i = end + 2;
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                open.push(new int[] {i, c, 0});
            } else if (c == ')' || c == ']' || c == '}') {
                if (!open.isEmpty()) {
                    open.pop();
                }
            } else if (c == ',' && !open.isEmpty()) {
                open.peek()[2]++;
            }
            i++;
        }
        if (open.isEmpty() || open.peek()[1] != '(') {
            return null;
        }
        int paren = open.peek()[0];
        int name = paren - 1;
        while (name >= from && Character.isWhitespace(code.charAt(name))) {
            name--;
        }
        if (name < from || !(Character.isJavaIdentifierPart(code.charAt(name)) || code.charAt(name) == '>')) {
            return null;                    // a parenthesized expression or a lambda's parameters
        }
        int word = name;
        while (word >= from && Character.isJavaIdentifierPart(code.charAt(word))) {
            word--;
        }
        if (NOT_CALLS.contains(code.substring(word + 1, name + 1))) {
            return null;                    // if (, for (, a cast after return, ...
        }
        return new int[] {paren, open.peek()[2]};
    }

    /** Offset in {@code code} of the snippet holding the cursor. */
    static int snippetStart(SourceCodeAnalysis analysis, String code, int cursor) {
        int start = 0;
        String remaining = code;
        while (true) {
            CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (!info.completeness().isComplete()) {
                return start;
            }
            int next = code.length() - info.remaining().length();
            if (next >= cursor || next <= start) {
                return start;
            }
            start = next;
            remaining = info.remaining();
        }
    }
}
