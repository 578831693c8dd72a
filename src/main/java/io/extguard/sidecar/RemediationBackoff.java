package io.extguard.sidecar;

import io.extguard.connect.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Spaces out remediation that keeps failing the same way. Retrying an update that failed for
 * a reason time does not cure (a missing privilege, a broken script) every interval only floods
 * the logs and the server; a different drift, or a success, starts afresh. Plain Java: the clock
 * is passed in.
 */
final class RemediationBackoff {
    static final Duration LONGEST_PAUSE = Duration.ofHours(1);

    private final Backoff backoff;
    private Set<String> failedDrift;
    private int failures;
    private Instant nextAttempt;

    RemediationBackoff(Duration firstPause) {
        this.backoff = Backoff.doubling(firstPause, LONGEST_PAUSE);
    }

    /** Whether to remediate this drift now. */
    boolean allows(Set<String> drift, Instant now) {
        return failedDrift == null || !failedDrift.equals(drift) || !now.isBefore(nextAttempt);
    }

    /** Records how remediating {@code drift} ended. */
    void record(Set<String> drift, boolean failed, Instant now) {
        if (!failed) {
            failedDrift = null;
            failures = 0;
            return;
        }
        failures = drift.equals(failedDrift) ? failures + 1 : 1;
        failedDrift = Set.copyOf(drift);
        nextAttempt = now.plus(backoff.pause(failures));
    }

    Instant nextAttempt() {
        return nextAttempt;
    }
}
