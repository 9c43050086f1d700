package dev.sluice.session;

import jdk.jshell.SnippetEvent;

/**
 * What one snippet of a cell did: its kind, the name it declared (if any) and, for expressions and
 * initialised variables, the live value it produced.
 *
 * @param source   the snippet's source as run
 * @param kind     what the snippet is
 * @param name     the declared name (variable, method, class), or {@code ""}
 * @param typeName type of the value or variable, or {@code ""}
 * @param hasValue whether {@code value} holds a result (a value may itself be {@code null})
 * @param value    the live result object, kept in this JVM
 * @param event    JShell's event for the snippet
 * @param update   true when JShell replaced an earlier declaration of the same name
 */
public record SnippetOutcome(String source, Kind kind, String name, String typeName, boolean hasValue,
                             Object value, SnippetEvent event, boolean update) {

    /** The kinds of snippet a front end presents differently. */
    public enum Kind {
        /** An expression whose value should be shown. */
        EXPRESSION,
        /** A variable declaration. */
        VARIABLE,
        /** A method declaration. */
        METHOD,
        /** A class, interface, enum or record declaration. */
        TYPE,
        /** An import. */
        IMPORT,
        /** A statement, including calls of void methods. */
        STATEMENT
    }

    /** A short confirmation of a declaration, such as {@code "created method twice(int)"}, or {@code ""}. */
    public String feedback() {
        String verb = update ? "replaced" : "created";
        return switch (kind) {
            case METHOD -> verb + " method " + name;
            case TYPE -> verb + " " + typeName + " " + name;
            default -> "";
        };
    }
}
