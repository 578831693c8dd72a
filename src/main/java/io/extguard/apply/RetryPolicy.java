package io.extguard.apply;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often a database is tried again after a transient failure, and how long to pause. The
 * jitter keeps several replicas that start together from retrying in lockstep.
 *
 * <p>{@code connectionWait} is how long a database may wait, in addition, for a connection that
 * the server refuses for now (restarting, starting up, too many clients): like the first
 * connection of a run, that is waited for within {@code --wait} and uses up none of the retries.
 */
public record RetryPolicy(int retries, Duration firstPause, Duration longestPause, Duration connectionWait) {

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

    public Duration pauseAfter(int attempt) {
        long base = firstPause.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, longestPause.toMillis());
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis((long) (capped * jitter));
    }
}
