package io.extguard.model;

/** Where one database ended up. */
public enum DatabaseStatus {
    /** Nothing to do: every selected extension is at its target. */
    UP_TO_DATE,
    /** {@code check} only: at least one extension is not at its target. */
    DRIFTED,
    /** Every planned change was applied and verified. */
    UPDATED,
    /** Something could not be checked, planned, applied or verified; the outcomes say what. */
    FAILED,
    /** The database disappeared between discovery and connection. */
    SKIPPED;

    public boolean isFailure() {
        return this == FAILED;
    }
}
