package dev.sluice.kernel;

import dev.sluice.session.CallSignatures;
import dev.sluice.session.Completions;
import dev.sluice.session.Session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The contents of {@code complete_reply} and {@code inspect_reply}: the session's completions and
 * documentation at the cursor, with Jupyter's cursor positions (code points).
 *
 * <p>In a call's arguments, before anything of the argument is typed (Tab right after
 * {@code reduceByKeyAndWindow(} or a comma), the matches are the signatures that fit, each as
 * the parameters left to write ({@code ReduceFunction<V> f, Duration length}), followed by the
 * variables and methods whose type fits the argument; not the few hundred names that JShell offers
 * for any expression. Notebook 6 and JupyterLab list them; picking one types that text, as an
 * editor fills in parameter names, and Escape leaves the code as it was. Each match is described
 * in the metadata's {@code _jupyter_types_experimental} (as ipykernel does) with its kind and, for
 * a signature, the whole signature. Shift-Tab (inspect) there shows the signatures with their
 * javadoc.
 */
final class CursorReplies {

    /** The metadata key under which ipykernel and JupyterLab describe each match. */
    static final String TYPES = "_jupyter_types_experimental";

    private final Session session;

    CursorReplies(Session session) {
        this.session = session;
    }

    /** The content of a {@code complete_reply} for a cursor given in code points. */
    Map<String, Object> complete(String code, int cursorPos) {
        int cursor = charIndex(code, cursorPos);
        Completions completions = session.complete(code, cursor);
        Optional<CallSignatures> call = completions.anchor() == cursor && startsArgument(code, cursor)
                ? session.call(code, cursor) : Optional.empty();
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("status", "ok");
        if (call.isEmpty()) {
            content.put("matches", completions.candidates());
            content.put("cursor_start", codePointIndex(code, completions.anchor()));
            content.put("cursor_end", codePointIndex(code, cursor));
            content.put("metadata", Map.of());
            return content;
        }
        int at = codePointIndex(code, cursor);
        String lead = cursor > 0 && code.charAt(cursor - 1) == ',' ? " " : "";
        Map<String, List<String>> templates = new LinkedHashMap<>();
        for (String signature : call.get().signatures()) {
            templates.computeIfAbsent(lead + CallSignatures.remaining(signature, call.get().argument()),
                    t -> new ArrayList<>()).add(signature);
        }
        List<String> matches = new ArrayList<>();
        List<Map<String, Object>> types = new ArrayList<>();
        templates.forEach((text, signatures) -> {
            matches.add(text);
            types.add(type(at, text, "signature", String.join("\n", signatures)));
        });
        for (String candidate : completions.typedCandidates()) {
            if (!templates.containsKey(candidate)) {
                matches.add(candidate);
                types.add(type(at, candidate, kind(candidate), ""));
            }
        }
        content.put("matches", matches);
        content.put("cursor_start", at);
        content.put("cursor_end", at);
        content.put("metadata", Map.of(TYPES, types));
        return content;
    }

    /** Whether the cursor is where an argument begins: after an opening parenthesis or a comma. */
    static boolean startsArgument(String code, int cursor) {
        int i = cursor - 1;
        while (i >= 0 && Character.isWhitespace(code.charAt(i))) i--;
        return i >= 0 && (code.charAt(i) == '(' || code.charAt(i) == ',');
    }

    private static Map<String, Object> type(int at, String text, String kind, String signature) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("start", at);
        t.put("end", at);
        t.put("text", text);
        t.put("type", kind);
        t.put("signature", signature);
        return t;
    }

    /** What a JShell candidate names, from its text: {@code count(} a method, {@code Duration} a class. */
    static String kind(String candidate) {
        if (candidate.endsWith("(") || candidate.endsWith("()")) {
            return "method";
        }
        return !candidate.isEmpty() && Character.isUpperCase(candidate.charAt(0)) ? "class" : "variable";
    }

    /** The content of an {@code inspect_reply} for a cursor given in code points. */
    Map<String, Object> inspect(String code, int cursorPos) {
        int cursor = charIndex(code, cursorPos);
        String doc = documentation(code, cursor);
        if (doc.isEmpty() && cursor > 0) {
            doc = documentation(code, cursor - 1);
        }
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("status", "ok");
        content.put("found", !doc.isEmpty());
        content.put("data", doc.isEmpty() ? Map.of() : Map.of("text/plain", doc));
        content.put("metadata", Map.of());
        return content;
    }

    /**
     * The session's documentation of the name at the cursor, else of the call whose arguments hold
     * it; a method name without its opening parenthesis is looked up as a call ({@code Math.max} as
     * {@code Math.max(}).
     */
    String documentation(String code, int cursor) {
        int end = endOfWord(code, cursor);
        String doc = session.inspect(code, end);
        if (doc.isEmpty() && (end == code.length() || code.charAt(end) != '(')) {
            String call = code.substring(0, end) + "(";
            doc = session.inspect(call, call.length());
        }
        return doc;
    }

    /**
     * The end of the identifier the cursor is in, so that inspecting in the middle of a name
     * documents the whole name (frontends send the cursor wherever the user left it).
     */
    static int endOfWord(String code, int cursor) {
        int end = cursor;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) end++;
        return end;
    }

    /** Jupyter counts cursor positions in code points; Java strings in UTF-16 units. */
    static int charIndex(String code, int codePoints) {
        int cp = Math.max(0, Math.min(codePoints, code.codePointCount(0, code.length())));
        return code.offsetByCodePoints(0, cp);
    }

    static int codePointIndex(String code, int charIndex) {
        return code.codePointCount(0, Math.max(0, Math.min(charIndex, code.length())));
    }
}
