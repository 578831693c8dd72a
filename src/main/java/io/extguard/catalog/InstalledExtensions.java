package io.extguard.catalog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/** Reads {@code pg_extension} of the database a connection is in: nothing but a system catalog. */
public final class InstalledExtensions {
    private static final String INSTALLED = "SELECT extname, extversion FROM pg_catalog.pg_extension";

    private InstalledExtensions() {
    }

    public static Map<String, String> read(Connection connection) throws SQLException {
        Map<String, String> versions = new TreeMap<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(INSTALLED)) {
            while (rs.next()) {
                versions.put(rs.getString(1), rs.getString(2));
            }
        }
        return versions;
    }
}
