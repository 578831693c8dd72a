package io.extguard.discovery;

import io.extguard.connect.Query;
import java.sql.Connection;
import java.sql.SQLException;
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
        List<Candidate> all = Query.list(maintenance, DATABASES, rs -> new Candidate(rs.getString(1), rs.getBoolean(2)));
        for (Candidate database : all) {
            if (filter.accepts(database.name())) {
                (database.mayConnect() ? visit : noConnect).add(database.name());
            }
        }
        return new Discovered(visit, noConnect, all.size());
    }

    private record Candidate(String name, boolean mayConnect) {
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
