package io.extguard.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final int SAMPLES = 500;
    private final RetryPolicy policy = RetryPolicy.of(3);

    private List<Long> pausesInMillis(int attempt) {
        return IntStream.range(0, SAMPLES).mapToObj(i -> policy.pauseAfter(attempt).toMillis()).toList();
    }

    @Test
    void retriesAreCountedAfterTheFirstAttempt() {
        assertThat(policy.mayRetry(1)).isTrue();
        assertThat(policy.mayRetry(3)).isTrue();
        assertThat(policy.mayRetry(4)).isFalse();
        assertThat(policy.mayRetry(100)).isFalse();
    }

    @Test
    void noRetriesMeansOneAttempt() {
        assertThat(RetryPolicy.of(0).mayRetry(1)).isFalse();
    }

    @Test
    void defaultsPauseHalfASecondFirstAndAtMostTenSeconds() {
        assertThat(policy.firstPause()).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.longestPause()).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.retries()).isEqualTo(3);
    }

    @Test
    void firstPauseIsTheFirstPauseWithinTwentyPercentJitter() {
        assertThat(pausesInMillis(1)).allSatisfy(ms -> assertThat(ms).isBetween(400L, 600L));
    }

    @Test
    void pauseDoublesWithEachAttempt() {
        assertThat(pausesInMillis(2)).allSatisfy(ms -> assertThat(ms).isBetween(800L, 1_200L));
        assertThat(pausesInMillis(3)).allSatisfy(ms -> assertThat(ms).isBetween(1_600L, 2_400L));
        assertThat(pausesInMillis(4)).allSatisfy(ms -> assertThat(ms).isBetween(3_200L, 4_800L));
    }

    @Test
    void laterPauseIsAlwaysLongerUntilTheCap() {
        for (int attempt = 1; attempt < 5; attempt++) {
            long longestBefore = pausesInMillis(attempt).stream().mapToLong(Long::longValue).max().orElseThrow();
            long shortestAfter = pausesInMillis(attempt + 1).stream().mapToLong(Long::longValue).min().orElseThrow();
            assertThat(shortestAfter).as("attempt %d", attempt + 1).isGreaterThan(longestBefore);
        }
    }

    @Test
    void pauseIsCappedAtTheLongestPausePlusJitter() {
        for (int attempt : new int[] {6, 10, 21, 64, 1_000, Integer.MAX_VALUE}) {
            assertThat(pausesInMillis(attempt)).as("attempt %d", attempt)
                    .allSatisfy(ms -> assertThat(ms).isBetween(8_000L, 12_000L));
        }
    }

    @Test
    void customPolicyUsesItsOwnPauses() {
        RetryPolicy custom = new RetryPolicy(1, Duration.ofMillis(100), Duration.ofMillis(250));

        assertThat(custom.pauseAfter(1).toMillis()).isBetween(80L, 120L);
        assertThat(custom.pauseAfter(3).toMillis()).isBetween(200L, 300L);
    }

    @Test
    void jitterSpreadsThePauses() {
        assertThat(pausesInMillis(10).stream().distinct().count()).isGreaterThan(10);
    }
}
