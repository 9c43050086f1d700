package dev.sluice.session;

/** Java source text read without compiling it: where literals end, and the code outside literals and comments. */
final class SourceText {
    private SourceText() {
    }

    /** The index of the quote closing the string or character literal opened at {@code start}, or -1. */
    static int literalEnd(String code, int start, char quote) {
        for (int i = start + 1; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                return i;
            } else if (c == '\n') {
                return -1;
            }
        }
        return -1;
    }

    /**
     * {@code code} with the insides of its string, text block and character literals and its
     * comments replaced by spaces (an unclosed one to the end), so that a search for names finds
     * only those the code uses; the length and the line breaks stay as they were.
     */
    static String codeOnly(String code) {
        StringBuilder out = null;
        int i = 0;
        while (i < code.length()) {
            char c = code.charAt(i);
            int from;
            int to;                          // the blanked range [from, to)
            int next;
            if (c == '"' && code.startsWith("\"\"\"", i)) {
                int end = code.indexOf("\"\"\"", i + 3);
                from = i + 3;
                to = end < 0 ? code.length() : end;
                next = end < 0 ? code.length() : end + 3;
            } else if (c == '"' || c == '\'') {
                int end = literalEnd(code, i, c);
                from = i + 1;
                to = end < 0 ? lineEnd(code, i) : end;
                next = end < 0 ? to : end + 1;
            } else if (c == '/' && code.startsWith("//", i)) {
                from = i;
                to = lineEnd(code, i);
                next = to;
            } else if (c == '/' && code.startsWith("/*", i)) {
                int end = code.indexOf("*/", i + 2);
                from = i;
                to = end < 0 ? code.length() : end + 2;
                next = to;
            } else {
                i++;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(code);
            }
            for (int j = from; j < to; j++) {
                if (out.charAt(j) != '\n') {
                    out.setCharAt(j, ' ');
                }
            }
            i = next;
        }
        return out == null ? code : out.toString();
    }

    private static int lineEnd(String code, int from) {
        int end = code.indexOf('\n', from);
        return end < 0 ? code.length() : end;
    }
}
