package io.extguard.apply;

import io.extguard.connect.SqlErrorKind;
import io.extguard.connect.SqlStates;
import io.extguard.connect.Sleeper;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Tries one database until an attempt succeeds, fails for good, or the retries run out. Transient
 * failures ({@link SqlErrorKind#isTransient}) spend a retry and pause on the {@link RetryPolicy}'s
 * schedule. A new connection the server refuses for now is waited for within the run's
 * {@link ConnectionWait} window and spends none. Plain Java: the attempt, the clock and the sleeper
 * are passed in.
 */
final class RetryLoop {
    private final RetryPolicy policy;
    private final ConnectionWait connectionWait;
    private final Sleeper sleeper;
    private final Clock clock;

    RetryLoop(RetryPolicy policy, ConnectionWait connectionWait, Sleeper sleeper, Clock clock) {
        this.policy = policy;
        this.connectionWait = connectionWait;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /** One attempt at the database, over a new connection. */
    @FunctionalInterface
    interface Attempt<T> {
        T run() throws SQLException, StatementFailed;
    }

    /**
     * How the tries ended: the value of the one that succeeded, or the failure of the last one (a
     * {@link StatementFailed} or an {@link SQLException}); how many counted, and how long they took.
     */
    record Tried<T>(T value, Exception failure, int attempts, Duration took) {
    }

    <T> Tried<T> run(Attempt<T> attempt) {
        Instant started = clock.instant();
        int attempts = 0;
        int refusals = 0;
        while (true) {
            attempts++;
            Exception failure;
            try {
                return new Tried<>(attempt.run(), null, attempts, Duration.between(started, clock.instant()));
            } catch (StatementFailed e) {
                failure = e;
                if (mayRetry(e.sqlException(), attempts)) {
                    continue;
                }
            } catch (SQLException e) {
                failure = e;
                // Refusals never come from a session that was already open, so a lost session still counts.
                if (SqlStates.classify(e) == SqlErrorKind.REFUSED_FOR_NOW && connectionWait.mayWait()) {
                    // Waiting for the server to take connections again is not an attempt at the database.
                    sleeper.sleep(policy.refusalPause(++refusals));
                    attempts--;
                    continue;
                }
                if (mayRetry(e, attempts)) {
                    continue;
                }
            }
            return new Tried<>(null, failure, attempts, Duration.between(started, clock.instant()));
        }
    }

    /** Pauses and says yes when the failure is transient and a retry is left. */
    private boolean mayRetry(SQLException e, int attempts) {
        if (!SqlStates.classify(e).isTransient() || !policy.mayRetry(attempts)) {
            return false;
        }
        sleeper.sleep(policy.pauseAfter(attempts));
        return true;
    }
}
