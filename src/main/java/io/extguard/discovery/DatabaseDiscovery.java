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
    private static final String DATABASES = "SELECT datname, pg_catalog.has_database_privilege(oid, 'CONNECT')"
            + " FROM pg_catalog.pg_database WHERE datallowconn ORDER BY datname";

    private final NameFilter filter;

    public DatabaseDiscovery(NameFilter filter) {
        this.filter = filter;
    }

    public List<String> discover(Connection maintenance) throws SQLException {
        return discoverWithAccess(maintenance).visit();
    }

    /** The selected databases, split by whether the connected role has CONNECT on them. */
    public Discovered discoverWithAccess(Connection maintenance) throws SQLException {
        List<String> visit = new ArrayList<>();
        List<String> noConnect = new ArrayList<>();
        int total = 0;
        try (Statement st = maintenance.createStatement(); ResultSet rs = st.executeQuery(DATABASES)) {
            while (rs.next()) {
                total++;
                String name = rs.getString(1);
                if (filter.accepts(name)) {
                    (rs.getBoolean(2) ? visit : noConnect).add(name);
                }
            }
        }
        return new Discovered(visit, noConnect, total);
    }

    /**
     * Databases to visit, selected databases the role may not connect to (named in the report, not
     * visited), and how many databases accept connections at all (to say so when none is selected).
     */
    public record Discovered(List<String> visit, List<String> noConnect, int total) {
        public boolean nothingSelected() {
            return visit.isEmpty() && noConnect.isEmpty();
        }
    }
}
