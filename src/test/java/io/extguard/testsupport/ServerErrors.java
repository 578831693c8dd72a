package io.extguard.testsupport;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Errors as a server (or PgBouncer) sends them, for classifier tests that need no server. */
public final class ServerErrors {
    private ServerErrors() {
    }

    /** A FATAL error with the severity, SQLSTATE and message fields of the protocol's ErrorResponse. */
    public static PSQLException fatal(String sqlState, String message) {
        return new PSQLException(new ServerErrorMessage("SFATAL\0VFATAL\0C" + sqlState + "\0M" + message + "\0"));
    }
}
