package dev.sluice.display;

import java.util.Arrays;

/** Renders plain Java values (not engine objects) as short text, the way a shell shows results. */
public final class Values {

    private Values() {
    }

    /** A value as the shell shows it: strings and chars quoted, arrays expanded, {@code null} spelled out. */
    public static String show(Object value) {
        if (value instanceof String s) {
            return quote(s);
        }
        if (value instanceof Character c) {
            return "'" + c + "'";
        }
        return inline(value);
    }

    /** A value as text without quotes, arrays expanded. */
    public static String inline(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Object[] a) {
            return Arrays.deepToString(a);
        }
        if (value.getClass().isArray()) {
            if (value instanceof int[] a) {
                return Arrays.toString(a);
            } else if (value instanceof long[] a) {
                return Arrays.toString(a);
            } else if (value instanceof double[] a) {
                return Arrays.toString(a);
            } else if (value instanceof byte[] a) {
                return Arrays.toString(a);
            } else if (value instanceof char[] a) {
                return Arrays.toString(a);
            } else if (value instanceof boolean[] a) {
                return Arrays.toString(a);
            } else if (value instanceof float[] a) {
                return Arrays.toString(a);
            } else if (value instanceof short[] a) {
                return Arrays.toString(a);
            }
        }
        try {
            return String.valueOf(value);
        } catch (RuntimeException e) {
            return value.getClass().getName() + " (toString failed: " + e + ")";
        }
    }

    /** A Java string literal for the text. */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
