package io.extguard.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeoutBoundConnectionTest {

    /**
     * The client's cancel is a backstop: it must never fire at the same instant as the server's
     * statement_timeout, which reports the clearer reason, and never before it.
     */
    @ParameterizedTest(name = "{0} ms -> {1} s")
    @CsvSource({
        "1, 2",
        "1000, 2",
        "1500, 3",
        "2000, 3",
        "10000, 11",
        "15000, 17",
        "300000, 330",
    })
    void theClientBoundLeavesTheServerTimeToCancelFirst(long timeoutMillis, int expectedSeconds) {
        int seconds = TimeoutBoundConnection.backstopSeconds(Duration.ofMillis(timeoutMillis));

        assertThat(seconds).isEqualTo(expectedSeconds);
        assertThat(seconds * 1000L).isGreaterThanOrEqualTo(timeoutMillis + 1000);
    }

    @ParameterizedTest(name = "{0} days")
    @CsvSource({"24855", "100000"})
    void aVeryLongTimeoutStaysWithinWhatJdbcCanHold(long days) {
        assertThat(TimeoutBoundConnection.backstopSeconds(Duration.ofDays(days))).isPositive();
    }
}
