package io.extguard.connect;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What a session learns about its server in one round trip: whether the server is a hot standby,
 * whether the session is read-only, and the timeouts the session actually has (in milliseconds),
 * which show whether the startup options arrived or something in between dropped them, and the
 * role the session runs as, with whether it is a superuser or a managed service's administrator.
 */
public record ServerState(boolean inRecovery, boolean readOnly, long statementTimeoutMillis, long lockTimeoutMillis,
                          String role, boolean superuser, String serviceAdmin) {

    private static final String QUERY = """
            SELECT pg_catalog.pg_is_in_recovery(),
                   pg_catalog.current_setting('transaction_read_only') = 'on',
                   (SELECT setting::bigint FROM pg_catalog.pg_settings WHERE name = 'statement_timeout'),
                   (SELECT setting::bigint FROM pg_catalog.pg_settings WHERE name = 'lock_timeout'),
                   current_user::text,
                   pg_catalog.current_setting('is_superuser') = 'on',
                   coalesce((SELECT min(r.rolname) FROM pg_catalog.pg_roles r
                              WHERE r.rolname IN ('rds_superuser', 'azure_pg_admin', 'cloudsqlsuperuser')
                                AND pg_catalog.pg_has_role(current_user, r.oid, 'MEMBER')),
                            CASE WHEN pg_catalog.current_setting('supautils.privileged_extensions', true) IS NOT NULL
                                 THEN 'supautils' END)""";

    public static ServerState read(Connection connection) throws SQLException {
        return Query.one(connection, QUERY, rs -> new ServerState(rs.getBoolean(1), rs.getBoolean(2), rs.getLong(3),
                rs.getLong(4), rs.getString(5), rs.getBoolean(6), rs.getString(7)));
    }

    /** Whether the session runs with exactly these timeouts. */
    public boolean hasTimeouts(long statementTimeout, long lockTimeout) {
        return statementTimeoutMillis == statementTimeout && lockTimeoutMillis == lockTimeout;
    }
}
