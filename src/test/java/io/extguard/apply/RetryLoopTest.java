package io.extguard.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.testsupport.FakeTime;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The retry loop of a database visit, on fake time. The attempts are stand-ins that fail with
 * chosen SQLSTATEs, the way pgjdbc reports them; no database is involved, and every schedule runs
 * in milliseconds.
 */
class RetryLoopTest {
    private static final String DONE = "done";

    private final FakeTime time = new FakeTime();

    private RetryLoop loop(RetryPolicy policy) {
        return new RetryLoop(policy, new ConnectionWait(policy.connectionWait(), time), time.sleeper(), time);
    }

    /** An attempt that fails with each SQLSTATE in turn, then succeeds. */
    private static RetryLoop.Attempt<String> failingWith(String... sqlStates) {
        Deque<String> states = new ArrayDeque<>(Arrays.asList(sqlStates));
        return () -> {
            String state = states.poll();
            if (state == null) {
                return DONE;
            }
            throw new SQLException("failed with " + state, state);
        };
    }

    private static RetryLoop.Attempt<String> alwaysFailingWith(String sqlState) {
        return () -> {
            throw new SQLException("failed with " + sqlState, sqlState);
        };
    }

    private List<Long> pauseMillis() {
        return time.pauses().stream().map(Duration::toMillis).toList();
    }

    @Test
    void aLockTimeoutIsTriedAgainAfterAGrowingPause() {
        RetryLoop.Tried<String> tried = loop(RetryPolicy.of(3)).run(failingWith("55P03", "40P01"));

        assertThat(tried.value()).isEqualTo(DONE);
        assertThat(tried.failure()).isNull();
        assertThat(tried.attempts()).isEqualTo(3);
        assertThat(pauseMillis()).hasSize(2);
        assertThat(pauseMillis().get(0)).isBetween(400L, 600L);
        assertThat(pauseMillis().get(1)).isBetween(800L, 1_200L);
        assertThat(tried.took()).isEqualTo(time.elapsed());
    }

    @Test
    void whenTheRetriesRunOutTheLastFailureIsKept() {
        RetryLoop.Tried<String> tried = loop(RetryPolicy.of(3)).run(alwaysFailingWith("40001"));

        assertThat(tried.value()).isNull();
        assertThat(tried.attempts()).isEqualTo(4);
        assertThat(tried.failure()).isInstanceOf(SQLException.class).hasMessage("failed with 40001");
        assertThat(time.pauses()).hasSize(3);
    }

    @Test
    void aFailureTimeDoesNotCureEndsAtOnce() {
        RetryLoop.Tried<String> tried = loop(RetryPolicy.of(3)).run(alwaysFailingWith("42501"));

        assertThat(tried.attempts()).isEqualTo(1);
        assertThat(time.pauses()).isEmpty();
        assertThat(tried.took()).isEqualTo(Duration.ZERO);
    }

    @Test
    void aFailedStatementIsRetriedByItsSqlState() {
        SQLException lockTimeout = new SQLException("canceling statement due to lock timeout", "55P03");
        Deque<SQLException> failures = new ArrayDeque<>(List.of(lockTimeout));
        RetryLoop.Tried<String> tried = loop(RetryPolicy.of(1)).run(() -> {
            SQLException next = failures.poll();
            if (next != null) {
                throw new StatementFailed(null, List.of(), next);
            }
            return DONE;
        });

        assertThat(tried.value()).isEqualTo(DONE);
        assertThat(tried.attempts()).isEqualTo(2);
    }

    @Test
    void aServerRefusingForNowIsWaitedForWithoutSpendingARetry() {
        RetryPolicy noRetries = RetryPolicy.of(0).withConnectionWait(Duration.ofMinutes(1));

        RetryLoop.Tried<String> tried = loop(noRetries).run(failingWith("57P03", "08001", "53300", "08001", "08001", "08001"));

        assertThat(tried.value()).isEqualTo(DONE);
        assertThat(tried.attempts()).isEqualTo(1);
        // 0.5, 1, 2, 4 s, then no longer: the server may come back at any moment (each ±20 %).
        List<Long> pauses = pauseMillis();
        assertThat(pauses).hasSize(6);
        assertThat(pauses.get(0)).isBetween(400L, 600L);
        assertThat(pauses.get(3)).isBetween(3_200L, 4_800L);
        assertThat(pauses.subList(4, 6)).allSatisfy(ms -> assertThat(ms).isBetween(3_200L, 4_800L));
    }

    @Test
    void afterTheWindowARefusalCountsAsAnAttempt() {
        RetryPolicy twoRetries = RetryPolicy.of(2).withConnectionWait(Duration.ofSeconds(10));

        RetryLoop.Tried<String> tried = loop(twoRetries).run(alwaysFailingWith("08001"));

        assertThat(tried.attempts()).isEqualTo(3);
        assertThat(tried.failure()).hasMessage("failed with 08001");
        assertThat(time.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void withoutAWindowARefusalIsAnOrdinaryTransientFailure() {
        RetryLoop.Tried<String> tried = loop(RetryPolicy.of(1)).run(alwaysFailingWith("53300"));

        assertThat(tried.attempts()).isEqualTo(2);
        assertThat(time.pauses()).hasSize(1);
    }

    @Test
    void aMissingDatabaseIsNotRetried() {
        RetryLoop.Tried<String> tried = loop(RetryPolicy.of(3).withConnectionWait(Duration.ofMinutes(1)))
                .run(alwaysFailingWith("3D000"));

        assertThat(tried.attempts()).isEqualTo(1);
        assertThat(time.pauses()).isEmpty();
    }
}
