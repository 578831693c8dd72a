package io.extguard.apply;

import java.time.Duration;

/**
 * How long the databases of one run wait for a server that refuses new connections for now
 * (restarting, starting up, no free connection slot) before a refusal counts as a failed
 * attempt. The window opens at the first refusal and closes again as soon as any connection
 * succeeds, so a server that is gone for good costs the run one window, not one per database.
 */
final class ConnectionWait {
    private static final long NONE = Long.MIN_VALUE;

    private final long windowNanos;
    private long refusedSince = NONE;

    ConnectionWait(Duration window) {
        this.windowNanos = window.toNanos();
    }

    /** Called after a refusal: whether to pause and connect again without spending a retry. */
    synchronized boolean mayWait() {
        long now = System.nanoTime();
        if (refusedSince == NONE) {
            refusedSince = now;
        }
        return now - refusedSince < windowNanos;
    }

    /** A connection succeeded: the server takes connections again. */
    synchronized void connected() {
        refusedSince = NONE;
    }
}
