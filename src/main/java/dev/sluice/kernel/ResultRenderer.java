package dev.sluice.kernel;

import java.lang.reflect.Array;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the live value of a cell's final expression into a Jupyter MIME bundle: always
 * {@code text/plain}, plus {@code text/html} for datasets and streams.
 */
final class ResultRenderer {

    /** Whether a value is shown as an execute result (live views are already on screen). */
    boolean shows(Object value) {
        return !(value instanceof LiveView);
    }

    Map<String, Object> render(Object value) {
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("text/plain", text(value));
        return bundle;
    }

    /** The plain-text form of a value, as JShell would print it (strings quoted). */
    static String text(Object value) {
        if (value == null) return "null";
        if (value instanceof String s) return quote(s, '"');
        if (value instanceof Character c) return quote(String.valueOf(c), '\'');
        if (value.getClass().isArray()) {
            StringBuilder sb = new StringBuilder(value.getClass().getComponentType().getSimpleName())
                    .append('[').append(Array.getLength(value)).append("] { ");
            int n = Array.getLength(value);
            for (int i = 0; i < Math.min(n, 100); i++) {
                if (i > 0) sb.append(", ");
                sb.append(text(Array.get(value, i)));
            }
            if (n > 100) sb.append(", ...");
            return sb.append(" }").toString();
        }
        return String.valueOf(value);
    }

    private static String quote(String s, char q) {
        StringBuilder sb = new StringBuilder().append(q);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c == q) sb.append('\\');
                    sb.append(c);
                }
            }
        }
        return sb.append(q).toString();
    }
}
