package io.extguard.util;

/** Quoting for the few statements extguard builds; every identifier and literal goes through here. */
public final class Sql {
    private Sql() {
    }

    public static String identifier(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("An identifier cannot contain a NUL character");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A standard-conforming string literal; backslashes are plain characters in it. */
    public static String literal(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("A literal cannot contain a NUL character");
        }
        // With standard_conforming_strings (the default since 9.1) only the quote needs doubling.
        return '\'' + value.replace("'", "''") + '\'';
    }
}
