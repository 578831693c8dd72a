package io.extguard.sidecar;

import java.time.Duration;
import java.time.Instant;

/**
 * When a check visits every database instead of trusting the {@link Fingerprint}: when the
 * fingerprint changed or is unknown, while anything is wrong, and every {@code fullSweepInterval}
 * to catch a manual {@code ALTER EXTENSION}, which changes no fingerprint. Plain Java: the time
 * is passed in.
 */
final class SweepSchedule {
    private final Duration fullSweepInterval;
    private Fingerprint lastFingerprint;
    private Instant lastFullSweep;

    SweepSchedule(Duration fullSweepInterval) {
        this.fullSweepInterval = fullSweepInterval;
    }

    /** Whether a check that read {@code fingerprint} at {@code now} must visit every database. */
    boolean due(Fingerprint fingerprint, boolean healthy, Instant now) {
        if (lastFingerprint == null || !lastFingerprint.equals(fingerprint)) {
            return true;
        }
        // While something is wrong, look again every time: a manual fix changes no fingerprint,
        // and it must show within one interval. Only a healthy fleet is watched at O(1).
        if (!healthy) {
            return true;
        }
        return !now.isBefore(lastFullSweep.plus(fullSweepInterval));
    }

    /** Every database was visited at {@code now}, under {@code fingerprint}. */
    void swept(Fingerprint fingerprint, Instant now) {
        lastFingerprint = fingerprint;
        lastFullSweep = now;
    }

    /** The fingerprint could not be read, or the sweep failed: the next check sweeps. */
    void forget() {
        lastFingerprint = null;
    }
}
