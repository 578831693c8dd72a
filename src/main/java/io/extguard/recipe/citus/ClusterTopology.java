package io.extguard.recipe.citus;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a database's Citus metadata: whether this server is its coordinator (group 0 in
 * {@code pg_dist_local_group}) and which active primary workers {@code pg_dist_node} lists.
 * Since Citus 11 the coordinator has its own row (group 0); that row is the server extguard is
 * already connected to, so it is left out.
 */
final class ClusterTopology {
    private static final String LOCAL_GROUP = "SELECT groupid FROM pg_catalog.pg_dist_local_group";
    private static final String WORKERS = "SELECT nodename, nodeport FROM pg_catalog.pg_dist_node"
            + " WHERE isactive AND noderole = 'primary' AND groupid <> 0 ORDER BY groupid, nodename, nodeport";

    private ClusterTopology() {
    }

    /** The workers, or empty when this server is not the database's coordinator. */
    static Optional<List<WorkerNode>> workers(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            try (ResultSet rs = st.executeQuery(LOCAL_GROUP)) {
                if (!rs.next() || rs.getInt(1) != 0) {
                    return Optional.empty();
                }
            }
            List<WorkerNode> workers = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(WORKERS)) {
                while (rs.next()) {
                    workers.add(new WorkerNode(rs.getString(1), rs.getInt(2)));
                }
            }
            return Optional.of(workers);
        }
    }
}
