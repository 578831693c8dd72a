package io.extguard.discovery;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the databases to visit. Every database that accepts connections is a candidate, so
 * {@code template1} is kept up to date (new databases are copied from it) while {@code template0},
 * which never accepts connections, is left alone.
 */
public final class DatabaseDiscovery {
    private static final String DATABASES =
            "SELECT datname FROM pg_catalog.pg_database WHERE datallowconn ORDER BY datname";

    private final NameFilter filter;

    public DatabaseDiscovery(NameFilter filter) {
        this.filter = filter;
    }

    public List<String> discover(Connection maintenance) throws SQLException {
        return select(all(maintenance));
    }

    /** Every database that accepts connections, selected or not. */
    public static List<String> all(Connection maintenance) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement st = maintenance.createStatement(); ResultSet rs = st.executeQuery(DATABASES)) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    public List<String> select(List<String> databases) {
        return databases.stream().filter(filter::accepts).toList();
    }
}
