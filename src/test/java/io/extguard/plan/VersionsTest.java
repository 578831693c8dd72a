package io.extguard.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionsTest {

    @ParameterizedTest(name = "{0} > {1}")
    @CsvSource({
            "1.10,    1.9",
            "13.0-1,  12.1-1",
            "0.8.1,   0.8.0",
            "2.0,     1.10",
            "1.0.1,   1.0",
            "3.4.2,   3.4.0",
            "10,      9",
    })
    void newerVersionComparesGreaterAndOlderLess(String newer, String older) {
        assertThat(Versions.compare(newer, older)).isPositive();
        assertThat(Versions.compare(older, newer)).isNegative();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "3.4.0", "13.0-1", "2.5.1"})
    void versionEqualsItself(String version) {
        assertThat(Versions.compare(version, version)).isZero();
    }

    @Test
    void leadingZerosDoNotChangeANumber() {
        assertThat(Versions.compare("1.01", "1.1")).isZero();
        assertThat(Versions.compare("1.010", "1.9")).isPositive();
    }

    @Test
    void numbersTooLongForALongStillCompareNumerically() {
        assertThat(Versions.compare("1.100000000000000000000", "1.99999999999999999999")).isPositive();
    }

    @Test
    void orderSortsAsPeopleRead() {
        List<String> sorted = Stream.of("1.10", "1.2", "0.9", "1.9", "1.0.1", "1.0")
                .sorted(Versions.ORDER)
                .toList();

        assertThat(sorted).containsExactly("0.9", "1.0", "1.0.1", "1.2", "1.9", "1.10");
    }
}
