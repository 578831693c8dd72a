package io.extguard.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "500ms,  PT0.5S",
            "5s,     PT5S",
            "10m,    PT10M",
            "1h,     PT1H",
            "2d,     PT48H",
            "30,     PT30S",
            "0,      PT0S",
            "PT2M,   PT2M",
            "pt1m30s, PT1M30S",
            "5S,     PT5S",
            "' 5 s ', PT5S",
            "10M,    PT10M",
    })
    void parsesWhatOperatorsWrite(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "5 minutes", "5x", "1.5s", "-5s", "ms", "P"})
    void garbageIsRejectedWithTheValueInTheMessage(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining("500ms");
    }

    @Test
    void formatsShortDurationsInMilliseconds() {
        assertThat(Durations.format(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0ms");
    }

    @Test
    void formatsWholeSecondsWithoutDecimals() {
        assertThat(Durations.format(Duration.ofSeconds(5))).isEqualTo("5s");
        assertThat(Durations.format(Duration.ofMinutes(10))).isEqualTo("600s");
    }

    @Test
    void formatsFractionalSecondsWithTwoDecimals() {
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1.50s");
        assertThat(Durations.format(Duration.ofMillis(61_250))).isEqualTo("61.25s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0ms", "999ms", "1s", "5s", "10m", "1h", "2d"})
    void formattedDurationParsesBackToTheSameDuration(String text) {
        Duration d = Durations.parse(text);

        assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
    }
}
