package io.extguard.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RemediationBackoffTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Set<String> DRIFT = Set.of("t_01/hstore 1.4->1.8");
    private final RemediationBackoff backoff = new RemediationBackoff(Duration.ofMinutes(1));

    @Test
    void theSameFailureWaitsLongerEachTimeUpToAnHour() {
        assertThat(backoff.allows(DRIFT, T0)).isTrue();
        backoff.record(DRIFT, true, T0);
        assertThat(backoff.allows(DRIFT, T0.plusSeconds(59))).isFalse();
        assertThat(backoff.allows(DRIFT, T0.plusSeconds(60))).isTrue();
        backoff.record(DRIFT, true, T0.plusSeconds(60));
        assertThat(backoff.nextAttempt()).isEqualTo(T0.plusSeconds(60 + 120));
        for (int i = 0; i < 20; i++) {
            backoff.record(DRIFT, true, T0);
        }
        assertThat(backoff.nextAttempt()).isEqualTo(T0.plus(RemediationBackoff.LONGEST_PAUSE));
    }

    @Test
    void aDifferentDriftOrASuccessStartsAfresh() {
        backoff.record(DRIFT, true, T0);
        assertThat(backoff.allows(Set.of("t_02/hstore 1.4->1.8"), T0)).isTrue();
        backoff.record(DRIFT, false, T0);
        assertThat(backoff.allows(DRIFT, T0)).isTrue();
    }
}
