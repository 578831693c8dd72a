package io.extguard.connect;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import javax.net.ssl.SSLException;

/** Why a connection attempt failed, and so whether waiting can help. */
enum ConnectFailure {
    /** Refused, starting up, shutting down, DNS not ready, too many clients: try again later. */
    NOT_UP_YET,
    /** The database named no longer exists (3D000), for example dropped after discovery. */
    DATABASE_MISSING,
    /** Wrong password or user, or the server rejects this client (28xxx): waiting won't help. */
    AUTHENTICATION,
    /** The server asked for a password and none was given (pgjdbc's 08004 from its authentication code). */
    PASSWORD_REQUIRED,
    /** TLS negotiation or certificate verification failed: waiting won't help. */
    TLS,
    /** A connection pooler (PgBouncer) has no entry for the database: waiting won't help. */
    UNKNOWN_TO_POOLER,
    /** A connection pooler refused a startup parameter (PgBouncer's ignore_startup_parameters): waiting won't help. */
    STARTUP_PARAMETER,
    /** Anything else. */
    OTHER;

    /** The connection-time view of {@link SqlStates#classify}, told apart further by where pgjdbc threw. */
    public static ConnectFailure classify(SQLException e) {
        SqlErrorKind kind = SqlStates.classify(e);
        return switch (kind) {
            case AUTHENTICATION -> AUTHENTICATION;
            case DATABASE_MISSING -> DATABASE_MISSING;
            // PgBouncer's own refusals share 08P01 with lost connections; told apart by message (PoolerErrors).
            case POOLER_REFUSAL -> PoolerErrors.isUnknownDatabase(e) ? UNKNOWN_TO_POOLER : STARTUP_PARAMETER;
            // pgjdbc's 08004: "The server does not support SSL." under an sslmode that requires it, or no password.
            case CONNECTION_REJECTED -> thrownByAuthentication(e) ? PASSWORD_REQUIRED : TLS;
            default -> byCause(e, kind);
        };
    }

    /** A certificate that does not name the host (verify-full) is a plain 08006 without an SSLException. */
    private static ConnectFailure byCause(SQLException e, SqlErrorKind kind) {
        if (hasCause(e, SSLException.class) || thrownByTlsSetup(e)) {
            return TLS;
        }
        if (kind.needsNewConnection() || hasCause(e, ConnectException.class) || hasCause(e, UnknownHostException.class)) {
            return NOT_UP_YET;
        }
        return OTHER;
    }

    public boolean isWorthWaitingFor() {
        return this == NOT_UP_YET;
    }

    /**
     * Raised by pgjdbc's TLS code (org.postgresql.ssl), such as MakeSSL's host name check; told by
     * where it was thrown, since the message is translated into the JVM's language.
     */
    private static boolean thrownByTlsSetup(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            StackTraceElement[] frames = t.getStackTrace();
            if (frames.length > 0 && frames[0].getClassName().startsWith("org.postgresql.ssl.")) {
                return true;
            }
        }
        return false;
    }

    /**
     * pgjdbc raises "the server requested password-based authentication, but no password was
     * provided" with the same SQLSTATE (08004) as "the server does not support SSL"; where it was
     * thrown tells them apart (ConnectionFactoryImpl.doAuthentication, AuthenticationPluginManager).
     */
    private static boolean thrownByAuthentication(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getMethodName().equals("doAuthentication")
                        || frame.getClassName().endsWith("AuthenticationPluginManager")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
