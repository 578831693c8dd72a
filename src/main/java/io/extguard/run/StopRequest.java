package io.extguard.run;

/**
 * Set when the process is asked to stop (SIGTERM, as Kubernetes sends before it kills a pod).
 * A run then starts no new database; the one in progress commits or rolls back as it would, so
 * no database is left half-updated, and the report says what was done.
 */
public final class StopRequest {
    private volatile boolean requested;

    public void request() {
        requested = true;
    }

    public boolean requested() {
        return requested;
    }
}
