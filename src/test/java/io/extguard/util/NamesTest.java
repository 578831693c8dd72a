package io.extguard.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"app", "tenant_acme", "app-db.v2", "x$1", "café", "データベース", "Straße", "42"})
    void plainNameIsShownAsItIs(String name) {
        assertThat(Names.display(name)).isEqualTo(name);
    }

    @Test
    void nullIsShownAsADash() {
        assertThat(Names.display(null)).isEqualTo("-");
    }

    @Test
    void emptyNameIsQuotedSoItRemainsVisible() {
        assertThat(Names.display("")).isEqualTo("\"\"");
    }

    @Test
    void nameWithASpaceIsQuoted() {
        assertThat(Names.display("my db")).isEqualTo("\"my db\"");
    }

    @Test
    void quotesAndBackslashesInsideTheQuotedFormAreEscaped() {
        assertThat(Names.display("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
        assertThat(Names.display("back\\slash")).isEqualTo("\"back\\\\slash\"");
        assertThat(Names.display("it's")).isEqualTo("\"it's\"");
    }

    @Test
    void lineBreaksAndTabsAreEscaped() {
        assertThat(Names.display("evil\nINFO all good\r\tx")).isEqualTo("\"evil\\nINFO all good\\r\\tx\"");
    }

    @Test
    void otherControlAndFormatCharactersAreEscapedAsCodePoints() {
        assertThat(Names.display("bell\u0007")).isEqualTo("\"bell\\u0007\"");
        assertThat(Names.display("esc\u001b[31m")).isEqualTo("\"esc\\u001b[31m\"");
        assertThat(Names.display("nel\u0085")).isEqualTo("\"nel\\u0085\"");
        // A right-to-left override could make a name read as a different one.
        assertThat(Names.display("abc\u202Egpj.exe")).isEqualTo("\"abc\\u202egpj.exe\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb", "a\rb", "\n", "x\u000by", "x\u000cy", "x\u0085y", "\"\n\""})
    void displayedNameNeverContainsALineBreak(String name) {
        String shown = Names.display(name);

        assertThat(shown).doesNotContain("\n", "\r", "\u000b", "\u000c", "\u0085");
        assertThat(shown.lines()).hasSize(1);
    }

    @Test
    void nonPlainUnicodeTextStaysReadable() {
        assertThat(Names.display("café crème")).isEqualTo("\"café crème\"");
    }
}
