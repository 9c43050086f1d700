package dev.sluice.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The javadoc of Sluice's public API ({@code dev.sluice.streaming}, and the notebook helpers of
 * {@code dev.sluice.kernel} and {@code dev.sluice.display} a cell calls), read from its sources,
 * which the build ships inside {@code sluice.jar} under {@code sluice-sources/}. JShell's own
 * documentation support reads the JDK's {@code src.zip} only; this fills in the javadoc of
 * {@code ssc.}, {@code DStream}, {@code display(...)} and the other API types.
 */
final class ApiDocs {

    /** Where the shipped sources are, in the order a simple type name is looked up. */
    private static final List<String> ROOTS = List.of("sluice-sources/dev/sluice/streaming/",
            "sluice-sources/dev/sluice/kernel/", "sluice-sources/dev/sluice/display/");

    /** {@code Type.method(} or {@code Type(} in a JShell signature: the declaring type and the member. */
    private static final Pattern MEMBER = Pattern.compile("(\\w+)(?:<[^()]*?>)?\\.(?:<[^()]*?>)?(\\w+)\\(");
    private static final Pattern TYPE = Pattern.compile("(?:^|\\s)(?:class|interface|record|enum)\\s+(?:dev\\.sluice\\.(?:streaming|kernel|display)\\.)?(\\w+)");

    private final Map<String, String> sources = new ConcurrentHashMap<>();

    /**
     * The javadoc for a JShell signature such as {@code <R> DStream<R> DStream<T>.map(MapFunction<T, R> fn)},
     * or {@code ""} when the signature is not of the API or has none.
     */
    String javadoc(String signature) {
        Matcher m = MEMBER.matcher(signature);
        String type;
        String member = null;
        List<String> params = null;
        if (m.find()) {
            type = m.group(1);
            member = m.group(2);
            params = parameterTypes(signature.substring(m.end()));
        } else {
            Matcher t = TYPE.matcher(signature);
            if (!t.find()) {
                return "";
            }
            type = t.group(1);
        }
        String source = source(type);
        if (source.isEmpty()) {
            return "";
        }
        return member == null ? typeDoc(source, type) : memberDoc(source, member, params);
    }

    private String source(String type) {
        return sources.computeIfAbsent(type, t -> {
            for (String root : ROOTS) {
                try (InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(root + t + ".java")) {
                    if (in != null) {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                } catch (IOException e) {
                    return "";
                }
            }
            return "";
        });
    }

    private static String typeDoc(String source, String type) {
        Pattern declares = Pattern.compile("\\b(?:class|interface|record|enum)\\s+" + type + "\\b");
        for (int at = source.indexOf("/**"); at >= 0; at = source.indexOf("/**", at + 3)) {
            int end = source.indexOf("*/", at + 3);
            if (end < 0) {
                break;
            }
            if (declares.matcher(declaration(source, end + 2)).find()) {
                return clean(source.substring(at, end + 2));
            }
        }
        return "";
    }

    private static String memberDoc(String source, String member, List<String> params) {
        Pattern declares = Pattern.compile("^[\\w<>,.?\\[\\]\\s@]*?\\b" + member + "\\s*\\(");
        String fallback = "";
        String sameCount = "";
        for (int at = source.indexOf("/**"); at >= 0; at = source.indexOf("/**", at + 3)) {
            int end = source.indexOf("*/", at + 3);
            if (end < 0) {
                break;
            }
            String declaration = declaration(source, end + 2);
            Matcher m = declares.matcher(declaration.replaceAll("@\\w+(?:\\([^)]*\\))?", " "));
            if (!m.find()) {
                continue;
            }
            String doc = clean(source.substring(at, end + 2));
            if (fallback.isEmpty()) {
                fallback = doc;
            }
            int paren = declaration.indexOf(member + "(") >= 0 ? declaration.indexOf(member + "(") + member.length() + 1
                    : declaration.indexOf('(') + 1;
            if (params == null) {
                return doc;
            }
            List<String> declared = parameterTypes(declaration.substring(paren));
            if (declared.equals(params)) {
                return doc;                 // the overload with these parameter types
            }
            if (sameCount.isEmpty() && declared.size() == params.size()) {
                sameCount = doc;
            }
        }
        return sameCount.isEmpty() ? fallback : sameCount;
    }

    /** The declaration after a comment ending at {@code from}: up to its body or its semicolon. */
    private static String declaration(String source, int from) {
        int end = from;
        int depth = 0;
        while (end < source.length()) {
            char c = source.charAt(end);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if ((c == '{' || c == ';') && depth <= 0) {
                break;
            }
            end++;
        }
        return source.substring(from, end).strip();
    }

    /**
     * The parameter types of the list starting right after an opening parenthesis, as simple names
     * without type arguments ({@code DStream<?> stream} and {@code dev.sluice.streaming.DStream<T> s}
     * are both {@code DStream}; {@code int... n} is {@code int...}).
     */
    static List<String> parameterTypes(String afterParen) {
        List<String> types = new java.util.ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < afterParen.length(); i++) {
            char c = afterParen.charAt(i);
            if (c == '<' || c == '(') {
                depth++;
            } else if (c == '>' || (c == ')' && depth > 0)) {
                depth--;
            } else if (depth == 0 && (c == ',' || c == ')')) {
                addType(types, current.toString());
                current.setLength(0);
                if (c == ')') {
                    break;
                }
            } else if (depth == 0) {
                current.append(c);
            }
        }
        return types;
    }

    private static void addType(List<String> types, String parameter) {
        String p = parameter.replaceAll("@\\w+(?:\\([^)]*\\))?", " ").replaceAll("\\bfinal\\b", " ").strip();
        if (p.isEmpty()) {
            return;
        }
        int space = p.lastIndexOf(' ');
        String type = (space > 0 ? p.substring(0, space) : p).replace(" ", "");
        type = type.substring(type.lastIndexOf('.', type.endsWith("...") ? type.length() - 4 : type.length()) + 1);
        types.add(type);
    }

    /** How many parameters the list starting right after an opening parenthesis has. */
    static int countParameters(String afterParen) {
        int depth = 0;
        int count = 0;
        boolean any = false;
        for (int i = 0; i < afterParen.length(); i++) {
            char c = afterParen.charAt(i);
            if (c == '(' || c == '<' || c == '[') {
                depth++;
            } else if (c == ')' || c == '>' || c == ']') {
                if (depth == 0) {
                    return any ? count + 1 : 0;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                count++;
            } else if (!Character.isWhitespace(c)) {
                any = true;
            }
        }
        return any ? count + 1 : 0;
    }

    /** The comment as plain text: no stars, {@code {@code x}} as x, paragraphs as blank lines. */
    static String clean(String comment) {
        String body = comment.substring(3, comment.length() - 2);
        StringBuilder text = new StringBuilder();
        for (String line : body.split("\n")) {
            String l = line.strip();
            if (l.startsWith("*")) {
                l = l.substring(1);
                if (l.startsWith(" ")) {
                    l = l.substring(1);
                }
            }
            text.append(l.stripTrailing()).append('\n');
        }
        String t = text.toString().strip();
        t = t.replaceAll("\\{@(?:code|literal) ((?:[^{}]|\\{[^{}]*\\})*)\\}", "$1");
        t = t.replaceAll("\\{@link(?:plain)? (?:[\\w.]*#)?([^}\\s]+)(?: ([^}]*))?\\}", "$1");
        t = t.replaceAll("(?i)<p>\\s*", "\n");
        t = t.replaceAll("(?i)</?(pre|ul|ol|li|b|i|em|strong|code)>", "");
        return t.strip();
    }
}
