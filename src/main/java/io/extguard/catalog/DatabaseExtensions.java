package io.extguard.catalog;

import io.extguard.connect.Query;
import io.extguard.plan.DatabaseGrants;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code pg_extension} of the database a connection is in, with what the connected role may do
 * there, in one query over system catalogs and privilege functions only.
 */
public record DatabaseExtensions(Map<String, String> versions, DatabaseGrants grants) {
    private static final String QUERY = """
            SELECT e.extname, e.extversion, pg_catalog.pg_get_userbyid(e.extowner),
                   pg_catalog.pg_has_role(e.extowner, 'USAGE'),
                   pg_catalog.has_database_privilege(pg_catalog.current_database(), 'CREATE')
              FROM pg_catalog.pg_extension e""";
    private static final String MAY_CREATE =
            "SELECT pg_catalog.has_database_privilege(pg_catalog.current_database(), 'CREATE')";

    public static DatabaseExtensions read(Connection connection) throws SQLException {
        return read(connection, consumer -> Query.forEach(connection, QUERY, consumer));
    }

    /**
     * The same read, after {@code leading} statements in the same round trip: preflight takes its
     * lock and reads what the lock protects at once (apply/DatabaseUpdate).
     */
    public static DatabaseExtensions readAfter(Connection connection, String leading) throws SQLException {
        return read(connection, consumer -> Query.forEachAfter(connection, leading, QUERY, consumer));
    }

    @FunctionalInterface
    private interface Rows {
        void each(Query.RowConsumer consumer) throws SQLException;
    }

    private static DatabaseExtensions read(Connection connection, Rows rows) throws SQLException {
        Map<String, String> versions = new TreeMap<>();
        Map<String, String> owners = new HashMap<>();
        Set<String> owned = new HashSet<>();
        List<Boolean> mayCreate = new ArrayList<>();
        rows.each(rs -> {
            versions.put(rs.getString(1), rs.getString(2));
            owners.put(rs.getString(1), rs.getString(3));
            if (rs.getBoolean(4)) {
                owned.add(rs.getString(1));
            }
            mayCreate.add(rs.getBoolean(5));
        });
        // No extension at all (not even plpgsql): ask on its own, --ensure may want to create one.
        boolean create = mayCreate.isEmpty() ? Query.one(connection, MAY_CREATE, rs -> rs.getBoolean(1)) : mayCreate.get(0);
        return new DatabaseExtensions(versions, DatabaseGrants.of(owners, owned, create));
    }
}
