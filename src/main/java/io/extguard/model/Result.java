package io.extguard.model;

/** What happened to one extension in one database. */
public enum Result {
    UPDATED,
    CREATED,
    /** A recipe's finishing step ran after the extension's update (a cluster's, on its coordinator). */
    FINISHED,
    /** This extension's statement failed, so the database's transaction was rolled back. */
    FAILED,
    /** Its statement succeeded or never ran, but another extension's failure rolled it back. */
    ROLLED_BACK,
    /** The plan found a problem (downgrade, no path, no library), so nothing was attempted. */
    NOT_ATTEMPTED
}
