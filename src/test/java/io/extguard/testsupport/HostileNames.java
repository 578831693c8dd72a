package io.extguard.testsupport;

import java.util.List;

/**
 * Database names chosen to break tools: quotes, backslashes, ';', newlines and other control or
 * invisible characters, unicode, printf and glob characters, and names of exactly 63 bytes
 * (PostgreSQL's limit) in one- to four-byte characters. A name-built SQL statement would drop
 * the database {@code victim}.
 */
public final class HostileNames {
    public static final List<String> DATABASES = List.of(
            "x\"; DROP DATABASE victim; --",
            "'; DROP DATABASE victim; --",
            "tenant \"quoted\" name",
            "back\\slash\\",
            "semi;colon; SELECT 1",
            "new\nline",
            "carriage\rreturn",
            "tab\there",
            "ünïcödé ✓ 数据库",
            "rtl\u202Eexe.txt",
            "line\u2028separator",
            "percent %s %n {0} ${x}",
            "glob_*?[x]",
            "a".repeat(63),
            "ü".repeat(31) + "x",
            "数".repeat(21),
            "😀".repeat(15) + "abc");

    private HostileNames() {
    }
}
