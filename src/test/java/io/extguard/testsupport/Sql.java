package io.extguard.testsupport;

/** Quoting for SQL that tests build from (possibly hostile) names and values. */
public final class Sql {

    private Sql() {
    }

    /** A quoted identifier: {@code we"ird} becomes {@code "we""ird"}. */
    public static String ident(String name) {
        rejectNul(name);
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A string literal, assuming standard_conforming_strings = on (the default since 9.1). */
    public static String literal(String value) {
        rejectNul(value);
        return "'" + value.replace("'", "''") + "'";
    }

    private static void rejectNul(String text) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("PostgreSQL text cannot contain NUL characters");
        }
    }
}
