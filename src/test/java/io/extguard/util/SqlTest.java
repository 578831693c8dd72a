package io.extguard.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlTest {

    /** The content between the outer quotes, with doubled quotes undone, or fails if a lone quote would end it early. */
    private static String unquote(String quoted, char quote) {
        assertThat(quoted).startsWith(String.valueOf(quote)).endsWith(String.valueOf(quote)).hasSizeGreaterThan(1);
        String inner = quoted.substring(1, quoted.length() - 1);
        String q = String.valueOf(quote);
        assertThat(inner.replace(q + q, "")).as("a lone quote would end the token early").doesNotContain(q);
        return inner.replace(q + q, q);
    }

    @Test
    void identifierIsDoubleQuoted() {
        assertThat(Sql.identifier("pg_trgm")).isEqualTo("\"pg_trgm\"");
        assertThat(Sql.identifier("PostGIS")).isEqualTo("\"PostGIS\"");
    }

    @Test
    void doubleQuoteInAnIdentifierIsDoubled() {
        assertThat(Sql.identifier("a\"b")).isEqualTo("\"a\"\"b\"");
    }

    @Test
    void hostileIdentifierStaysOneQuotedIdentifier() {
        String hostile = "x\"; DROP DATABASE y; --";

        String quoted = Sql.identifier(hostile);

        assertThat(quoted).isEqualTo("\"x\"\"; DROP DATABASE y; --\"");
        assertThat(unquote(quoted, '"')).isEqualTo(hostile);
    }

    @Test
    void literalIsSingleQuotedWithQuotesDoubled() {
        assertThat(Sql.literal("1.5")).isEqualTo("'1.5'");
        assertThat(Sql.literal("it's")).isEqualTo("'it''s'");
    }

    @Test
    void hostileLiteralStaysOneLiteral() {
        String hostile = "1.0'; DROP DATABASE y; --";

        String quoted = Sql.literal(hostile);

        assertThat(quoted).isEqualTo("'1.0''; DROP DATABASE y; --'");
        assertThat(unquote(quoted, '\'')).isEqualTo(hostile);
    }

    @Test
    void backslashIsAPlainCharacterInAStandardLiteral() {
        assertThat(Sql.literal("a\\'b")).isEqualTo("'a\\''b'");
    }

    @Test
    void nulIsRejected() {
        assertThatThrownBy(() -> Sql.identifier("a\0b")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
        assertThatThrownBy(() -> Sql.literal("a\0b")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
    }
}
