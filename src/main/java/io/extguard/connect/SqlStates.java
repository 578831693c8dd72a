package io.extguard.connect;

import java.sql.SQLException;
import java.util.Map;

/**
 * The one table from SQLSTATE to what extguard does about it ({@link SqlErrorKind}). The codes are
 * PostgreSQL's (src/backend/utils/errcodes.txt) and the ones pgjdbc raises itself for connection
 * trouble (org.postgresql.util.PSQLState: CONNECTION_UNABLE_TO_CONNECT 08001, CONNECTION_REJECTED
 * 08004, CONNECTION_FAILURE 08006). PgBouncer answers all its own refusals with 08P01, so those are
 * told apart by message first ({@link PoolerErrors}).
 */
public final class SqlStates {
    /** sqlclient_unable_to_establish_sqlconnection: pgjdbc's "connection refused", and no host would do. */
    public static final String UNABLE_TO_CONNECT = "08001";
    /** protocol_violation: also every refusal of PgBouncer's own. */
    public static final String PROTOCOL_VIOLATION = "08P01";

    /** Exact codes; anything not here is decided by its class (first two characters) below. */
    private static final Map<String, SqlErrorKind> CODES = Map.ofEntries(
            Map.entry(UNABLE_TO_CONNECT, SqlErrorKind.REFUSED_FOR_NOW),
            Map.entry("57P03", SqlErrorKind.REFUSED_FOR_NOW),    // cannot_connect_now: starting up, shutting down, in recovery
            Map.entry("53300", SqlErrorKind.REFUSED_FOR_NOW),    // too_many_connections
            Map.entry("08004", SqlErrorKind.CONNECTION_REJECTED), // sqlserver_rejected_establishment_of_sqlconnection
            Map.entry("57P01", SqlErrorKind.CONNECTION_LOST),    // admin_shutdown
            Map.entry("57P02", SqlErrorKind.CONNECTION_LOST),    // crash_shutdown
            Map.entry("57P04", SqlErrorKind.CONNECTION_LOST),    // database_dropped
            Map.entry("57P05", SqlErrorKind.CONNECTION_LOST),    // idle_session_timeout (PostgreSQL 14+)
            Map.entry("3D000", SqlErrorKind.DATABASE_MISSING),   // invalid_catalog_name
            Map.entry("55P03", SqlErrorKind.LOCK_NOT_AVAILABLE), // lock_not_available
            Map.entry("40001", SqlErrorKind.SERIALIZATION),      // serialization_failure
            Map.entry("40P01", SqlErrorKind.SERIALIZATION),      // deadlock_detected
            Map.entry("42501", SqlErrorKind.PERMISSION));        // insufficient_privilege

    /** Whole classes: 08 connection_exception, 28 invalid_authorization_specification. */
    private static final Map<String, SqlErrorKind> CLASSES = Map.of(
            "08", SqlErrorKind.CONNECTION_LOST,
            "28", SqlErrorKind.AUTHENTICATION);

    private SqlStates() {
    }

    public static SqlErrorKind classify(SQLException e) {
        if (PoolerErrors.isAuthentication(e)) {
            return SqlErrorKind.AUTHENTICATION;
        }
        if (PoolerErrors.isUnknownDatabase(e) || PoolerErrors.isUnsupportedStartupParameter(e)) {
            return SqlErrorKind.POOLER_REFUSAL;
        }
        return classify(SqlErrors.state(e));
    }

    /** The kind of a bare SQLSTATE; empty or unknown is {@link SqlErrorKind#FATAL}. */
    public static SqlErrorKind classify(String sqlState) {
        SqlErrorKind exact = CODES.get(sqlState);
        if (exact != null) {
            return exact;
        }
        return sqlState.length() < 2 ? SqlErrorKind.FATAL
                : CLASSES.getOrDefault(sqlState.substring(0, 2), SqlErrorKind.FATAL);
    }
}
