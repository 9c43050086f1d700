package dev.sluice.kernel;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The fields each request type must carry, and of which JSON type, checked before a request's
 * content is read into the base library's classes, so a request with a missing, null or mistyped
 * field gets an error reply instead of failing inside the kernel.
 *
 * <p>Optional fields may be absent or null; when present they must have their type.
 */
final class RequestFields {
    private enum Kind {
        STRING("a string"), BOOLEAN("true or false"), INTEGER("a whole number"), OBJECT("a JSON object");

        final String description;

        Kind(String description) {
            this.description = description;
        }

        boolean matches(JsonElement e) {
            return switch (this) {
                case STRING -> e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
                case BOOLEAN -> e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean();
                case INTEGER -> e.isJsonPrimitive() && isInt(e.getAsJsonPrimitive());
                case OBJECT -> e.isJsonObject();
            };
        }
    }

    private record Field(String name, Kind kind, boolean required) {
    }

    private static Field required(String name, Kind kind) {
        return new Field(name, kind, true);
    }

    private static Field optional(String name, Kind kind) {
        return new Field(name, kind, false);
    }

    private static final Map<String, List<Field>> FIELDS = Map.of(
            "execute_request", List.of(required("code", Kind.STRING), optional("silent", Kind.BOOLEAN),
                    optional("store_history", Kind.BOOLEAN), optional("allow_stdin", Kind.BOOLEAN),
                    optional("stop_on_error", Kind.BOOLEAN), optional("user_expressions", Kind.OBJECT)),
            "complete_request", List.of(required("code", Kind.STRING), required("cursor_pos", Kind.INTEGER)),
            "inspect_request", List.of(required("code", Kind.STRING), required("cursor_pos", Kind.INTEGER),
                    optional("detail_level", Kind.INTEGER)),
            "is_complete_request", List.of(required("code", Kind.STRING)),
            "history_request", List.of(required("hist_access_type", Kind.STRING), optional("output", Kind.BOOLEAN),
                    optional("raw", Kind.BOOLEAN)),
            "shutdown_request", List.of(optional("restart", Kind.BOOLEAN)),
            "comm_info_request", List.of(optional("target_name", Kind.STRING)),
            "input_reply", List.of(required("value", Kind.STRING)));

    /** The fields each kind of history request needs besides {@code hist_access_type}. */
    private static final Map<String, List<Field>> HISTORY = Map.of(
            "tail", List.of(required("n", Kind.INTEGER)),
            "range", List.of(required("session", Kind.INTEGER), required("start", Kind.INTEGER), required("stop", Kind.INTEGER)),
            "search", List.of(required("pattern", Kind.STRING), optional("unique", Kind.BOOLEAN), optional("n", Kind.INTEGER)));

    private RequestFields() {
    }

    /** Why {@code content} is not a usable {@code msgType} message, or null when it is. */
    static String problem(String msgType, JsonObject content) {
        List<Field> fields = FIELDS.get(msgType);
        if (fields == null) return null;
        String problem = check(msgType, content, fields);
        if (problem != null || !msgType.equals("history_request")) return problem;
        String access = content.get("hist_access_type").getAsString();
        List<Field> more = HISTORY.get(access);
        if (more == null) return "history_request: hist_access_type must be one of range, tail, search; got \"" + access + "\"";
        return check(msgType, content, more);
    }

    private static String check(String msgType, JsonObject content, List<Field> fields) {
        for (Field f : fields) {
            JsonElement value = content.get(f.name());
            boolean absent = value == null || value.isJsonNull();
            if (absent) {
                if (f.required()) {
                    return msgType + " needs '" + f.name() + "' (" + f.kind().description + ")"
                            + (value == null ? "" : ", got null");
                }
                continue;
            }
            if (!f.kind().matches(value)) {
                return msgType + ": '" + f.name() + "' must be " + f.kind().description + ", got " + abbreviate(value.toString());
            }
        }
        return null;
    }

    private static boolean isInt(JsonPrimitive p) {
        if (!p.isNumber()) return false;
        try {
            BigDecimal d = p.getAsBigDecimal();
            return d.stripTrailingZeros().scale() <= 0 && d.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) >= 0
                    && d.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
