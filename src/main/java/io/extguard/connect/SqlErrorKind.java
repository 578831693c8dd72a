package io.extguard.connect;

/**
 * What extguard does about a failed connection or statement. {@link SqlStates#classify} is the one
 * place that maps an error to one of these; callers decide by kind, never by SQLSTATE.
 */
public enum SqlErrorKind {
    /**
     * The server takes no new connection for now: down or restarting, starting up or shutting down,
     * or without a free slot. Waited for within {@code --wait}; it spends none of a database's retries.
     */
    REFUSED_FOR_NOW,
    /** A session was lost or ended by the server: a new connection may do, and spends a retry. */
    CONNECTION_LOST,
    /**
     * pgjdbc refused to go on with the connection: the server has no TLS under an sslmode that needs
     * it, or asks for a password none was given for. Configuration, not time, cures it.
     */
    CONNECTION_REJECTED,
    /** Wrong user or password, or pg_hba.conf rejects this client (by the server or by PgBouncer). */
    AUTHENTICATION,
    /** The database named does not exist, for example dropped after discovery. */
    DATABASE_MISSING,
    /** PgBouncer has no entry for the database, or refuses a startup parameter. */
    POOLER_REFUSAL,
    /** {@code lock_timeout} ran out: another session holds a lock; worth another try. */
    LOCK_NOT_AVAILABLE,
    /** A serialization failure or a deadlock: the transaction may succeed when run again. */
    SERIALIZATION,
    /** The role lacks a privilege: a grant, not a retry, fixes it. */
    PERMISSION,
    /** Anything else, such as a broken update script or a statement timeout: reported, never retried. */
    FATAL;

    /** Worth another attempt with a new connection. */
    public boolean isTransient() {
        return switch (this) {
            case REFUSED_FOR_NOW, CONNECTION_LOST, LOCK_NOT_AVAILABLE, SERIALIZATION -> true;
            default -> false;
        };
    }

    /** The connection is gone or never came for a reason time may cure: connect again. */
    public boolean needsNewConnection() {
        return this == REFUSED_FOR_NOW || this == CONNECTION_LOST;
    }
}
