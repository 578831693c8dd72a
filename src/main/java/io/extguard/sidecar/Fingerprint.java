package io.extguard.sidecar;

import io.extguard.connect.Query;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What must change before any database's extension versions can drift on their own: the
 * server's libraries (default versions, and a restart to load them) and the set of databases.
 * Reading it costs one query on one connection, however many databases there are.
 */
public record Fingerprint(String postmasterStart, String defaultVersionsDigest, String databasesDigest, int databases) {

    private static final String QUERY = """
            SELECT pg_catalog.pg_postmaster_start_time()::text,
                   (SELECT pg_catalog.md5(coalesce(string_agg(name || '=' || coalesce(default_version, ''), ',' ORDER BY name), ''))
                      FROM pg_catalog.pg_available_extensions),
                   (SELECT pg_catalog.md5(coalesce(string_agg(oid::text || ':' || datname, ',' ORDER BY oid), ''))
                      FROM pg_catalog.pg_database WHERE datallowconn),
                   (SELECT count(*) FROM pg_catalog.pg_database WHERE datallowconn)""";

    public static Fingerprint read(Connection connection) throws SQLException {
        return Query.one(connection, QUERY,
                rs -> new Fingerprint(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4)));
    }
}
