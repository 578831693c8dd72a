package io.extguard.apply;

import io.extguard.connect.Backoff;
import java.time.Duration;

/**
 * How often a database is tried again after a transient failure, and how long to pause. The
 * jitter keeps several replicas that start together from retrying in lockstep.
 *
 * <p>{@code connectionWait} is how long a database may wait, in addition, for a connection that
 * the server refuses for now (restarting, starting up, too many clients): like the first
 * connection of a run, that is waited for within {@code --wait} and uses up none of the retries.
 */
public record RetryPolicy(int retries, Duration firstPause, Duration longestPause, Duration connectionWait) {
    private static final int LONGEST_REFUSAL_PAUSE_STEP = 4;

    public RetryPolicy(int retries, Duration firstPause, Duration longestPause) {
        this(retries, firstPause, longestPause, Duration.ZERO);
    }

    public static RetryPolicy of(int retries) {
        return new RetryPolicy(retries, Duration.ofMillis(500), Duration.ofSeconds(10));
    }

    public RetryPolicy withConnectionWait(Duration wait) {
        return new RetryPolicy(retries, firstPause, longestPause, wait);
    }

    public boolean mayRetry(int attemptsSoFar) {
        return attemptsSoFar <= retries;
    }

    /** The schedule: doubling from the first pause to the longest, with jitter. */
    public Backoff backoff() {
        return Backoff.doubling(firstPause, longestPause).withJitter();
    }

    public Duration pauseAfter(int attempt) {
        return backoff().pause(attempt);
    }

    /**
     * The pause after the {@code refusals}th connection the server refused for now. It stops
     * growing at the 4th step of the schedule (4 s by default): the server may come back at any moment.
     */
    public Duration refusalPause(int refusals) {
        return backoff().pause(Math.min(refusals, LONGEST_REFUSAL_PAUSE_STEP));
    }
}
