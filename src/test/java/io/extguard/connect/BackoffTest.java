package io.extguard.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff schedule = Backoff.doubling(Duration.ofMillis(250), Duration.ofSeconds(5));

    private static List<Long> millis(Backoff backoff, int tries) {
        return IntStream.rangeClosed(1, tries).mapToObj(n -> backoff.pause(n).toMillis()).toList();
    }

    @Test
    void pausesDoubleUpToTheCap() {
        assertThat(millis(schedule, 8)).containsExactly(250L, 500L, 1_000L, 2_000L, 4_000L, 5_000L, 5_000L, 5_000L);
    }

    @Test
    void theCapHoldsForAnyNumberOfTries() {
        assertThat(schedule.pause(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(5));
        assertThat(Backoff.doubling(Duration.ofHours(1), Duration.ofHours(1)).pause(1_000)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aCapBelowTheFirstPauseCapsThatToo() {
        assertThat(Backoff.doubling(Duration.ofHours(2), Duration.ofHours(1)).pause(1)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void noPauseRunsPastTheDeadline() {
        assertThat(schedule.pause(6, Duration.ofMillis(1_200))).isEqualTo(Duration.ofMillis(1_200));
        assertThat(schedule.pause(1, Duration.ofSeconds(30))).isEqualTo(Duration.ofMillis(250));
        assertThat(schedule.pause(3, Duration.ofMillis(-5))).isEqualTo(Duration.ZERO);
    }

    @Test
    void jitterSpreadsEachPauseByTwentyPercent() {
        assertThat(millis(schedule.withJitter(() -> 0.0), 3)).containsExactly(200L, 400L, 800L);
        assertThat(millis(schedule.withJitter(() -> 0.999_999), 3)).containsExactly(299L, 599L, 1_199L);
        assertThat(schedule.withJitter(() -> 0.0).pause(20)).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void negativePausesAreRefused() {
        assertThatThrownBy(() -> Backoff.doubling(Duration.ofMillis(-1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
