package io.extguard.apply;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How long the databases of one run wait for a server that refuses new connections for now
 * (restarting, starting up, no free connection slot) before a refusal counts as a failed
 * attempt. The window opens at the first refusal and closes again as soon as any connection
 * succeeds, so a server that is gone for good costs the run one window, not one per database.
 */
final class ConnectionWait {
    private final Duration window;
    private final Clock clock;
    private Instant refusedSince;

    ConnectionWait(Duration window, Clock clock) {
        this.window = window;
        this.clock = clock;
    }

    /** Called after a refusal: whether to pause and connect again without spending a retry. */
    synchronized boolean mayWait() {
        Instant now = clock.instant();
        if (refusedSince == null) {
            refusedSince = now;
        }
        return Duration.between(refusedSince, now).compareTo(window) < 0;
    }

    /** A connection succeeded: the server takes connections again. */
    synchronized void connected() {
        refusedSince = null;
    }
}
