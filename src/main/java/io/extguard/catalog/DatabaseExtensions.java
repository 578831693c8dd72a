package io.extguard.catalog;

import io.extguard.plan.DatabaseGrants;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
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
        Map<String, String> versions = new TreeMap<>();
        Map<String, String> owners = new HashMap<>();
        Set<String> owned = new HashSet<>();
        Boolean mayCreate = null;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(QUERY)) {
            while (rs.next()) {
                versions.put(rs.getString(1), rs.getString(2));
                owners.put(rs.getString(1), rs.getString(3));
                if (rs.getBoolean(4)) {
                    owned.add(rs.getString(1));
                }
                mayCreate = rs.getBoolean(5);
            }
        }
        if (mayCreate == null) {
            // No extension at all (not even plpgsql): ask on its own, --ensure may want to create one.
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(MAY_CREATE)) {
                rs.next();
                mayCreate = rs.getBoolean(1);
            }
        }
        return new DatabaseExtensions(versions, DatabaseGrants.of(owners, owned, mayCreate));
    }
}
