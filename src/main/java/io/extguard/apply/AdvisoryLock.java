package io.extguard.apply;

/**
 * The advisory lock every extguard session takes before it changes a database, and that the psql
 * script of {@code check --output sql} takes too, so preflights, sidecars and reviewed scripts
 * never update the same database at once. The key, as two int4s, is 'extg' and 1; advisory locks
 * are scoped to the database, so it serialises per database, not server-wide.
 */
public final class AdvisoryLock {
    /** Held until the end of the transaction: a commit or a rollback releases it. */
    public static final String SQL = "SELECT pg_catalog.pg_advisory_xact_lock(1702392935, 1)";

    private AdvisoryLock() {
    }
}
