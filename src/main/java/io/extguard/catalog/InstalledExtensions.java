package io.extguard.catalog;

import io.extguard.connect.Query;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/** Reads {@code pg_extension} of the database a connection is in: nothing but a system catalog. */
public final class InstalledExtensions {
    private static final String INSTALLED = "SELECT extname, extversion FROM pg_catalog.pg_extension";

    private InstalledExtensions() {
    }

    public static Map<String, String> read(Connection connection) throws SQLException {
        Map<String, String> versions = new TreeMap<>();
        Query.forEach(connection, INSTALLED, rs -> versions.put(rs.getString(1), rs.getString(2)));
        return versions;
    }
}
