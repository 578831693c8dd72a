package io.extguard.connect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactionTest {
    private static final String PASSWORD = "Tr0ub4dor";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "postgresql://app:Tr0ub4dor@db:5432/maint | postgresql://app:******@db:5432/maint",
            "postgres://app:Tr0ub4dor@db/maint        | postgres://app:******@db/maint",
            "POSTGRESQL://app:Tr0ub4dor@db/maint      | POSTGRESQL://app:******@db/maint",
            "postgresql://:Tr0ub4dor@db/maint         | postgresql://:******@db/maint",
            "postgresql://app:a:b%40c@db1,db2/maint   | postgresql://app:******@db1,db2/maint",
    })
    void passwordInAUriIsRedacted(String url, String expected) {
        assertThat(Redaction.redactUrl(url)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:postgresql://db/maint?user=app&password=Tr0ub4dor&sslmode=require | jdbc:postgresql://db/maint?user=app&password=******&sslmode=require",
            "postgresql://db/maint?PASSWORD=Tr0ub4dor                              | postgresql://db/maint?PASSWORD=******",
            "host=db password=Tr0ub4dor user=app                                   | host=db password=****** user=app",
    })
    void passwordParameterIsRedacted(String text, String expected) {
        assertThat(Redaction.redactUrl(text)).isEqualTo(expected);
    }

    @Test
    void urlWithoutPasswordIsUnchanged() {
        String url = "postgresql://app@db:5432/maint?sslmode=require";

        assertThat(Redaction.redactUrl(url)).isEqualTo(url);
    }

    @Test
    void knownSecretIsRemovedFromArbitraryText() {
        String driverMessage = "FATAL: could not connect with " + PASSWORD + " as user app; retrying " + PASSWORD;

        String redacted = Redaction.redact(driverMessage, Secret.of(PASSWORD));

        assertThat(redacted)
                .doesNotContain(PASSWORD)
                .isEqualTo("FATAL: could not connect with ****** as user app; retrying ******");
    }

    @Test
    void redactAlsoRemovesPasswordsFromUrlsInTheText() {
        String text = "Connection to postgresql://app:other-secret@db/maint failed";

        assertThat(Redaction.redact(text, Secret.of(PASSWORD))).doesNotContain("other-secret");
    }

    @Test
    void redactWithoutASecretStillRedactsUrls() {
        assertThat(Redaction.redact("postgresql://app:" + PASSWORD + "@db/maint", null)).doesNotContain(PASSWORD);
    }

    @Test
    void emptySecretLeavesTheTextAlone() {
        assertThat(Redaction.redact("nothing to hide", Secret.of(""))).isEqualTo("nothing to hide");
    }

    @Test
    void nullTextStaysNull() {
        assertThat(Redaction.redact(null, Secret.of(PASSWORD))).isNull();
    }

    @Test
    void secretNeverShowsItsValueInToString() {
        Secret secret = Secret.of(PASSWORD);

        assertThat(secret).hasToString("******");
        assertThat(secret.reveal()).isEqualTo(PASSWORD);
        assertThat(Secret.of(null)).isNull();
    }
}
