package dev.sluice.session;

/**
 * A variable declared in the session.
 *
 * @param name     variable name
 * @param typeName declared type as written by JShell
 * @param value    its value as text ({@code String.valueOf})
 */
public record VarInfo(String name, String typeName, String value) {
}
