package io.extguard.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PluralTest {

    @Test
    void oneIsSingularAndEveryOtherCountIsPlural() {
        assertThat(Plural.of(1, "database")).isEqualTo("1 database");
        assertThat(Plural.of(0, "database")).isEqualTo("0 databases");
        assertThat(Plural.of(2, "attempt")).isEqualTo("2 attempts");
        assertThat(Plural.of(1_000, "extension")).isEqualTo("1000 extensions");
    }

    @Test
    void irregularPluralsAreGivenByTheCaller() {
        assertThat(Plural.of(1, "(database, extension) pair", "(database, extension) pairs"))
                .isEqualTo("1 (database, extension) pair");
        assertThat(Plural.of(3, "(database, extension) pair", "(database, extension) pairs"))
                .isEqualTo("3 (database, extension) pairs");
    }
}
