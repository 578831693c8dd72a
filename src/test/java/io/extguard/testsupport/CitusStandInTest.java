package io.extguard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Proves the {@code citus} stand-in (src/test/c/citus_stand_in) and {@link CitusCluster}: the
 * version check after an image swap, citus_finish_citus_upgrade()'s record, the workers' refusal of
 * extension DDL and the node functions.
 *
 * <p>One cluster (coordinator + 2 workers, 12.1) serves every test but the image swaps, which get
 * their own (coordinator + 1 worker); each test uses its own tenant databases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ServerTest
class CitusStandInTest {

    private static final String CITUS_VERSION = "SELECT citus_version()";
    private static final String EXTVERSION = "SELECT extversion FROM pg_extension WHERE extname = 'citus'";
    private static final String HSTORE_VERSION = "SELECT extversion FROM pg_extension WHERE extname = 'hstore'";
    private static final String NOT_ALLOWED = "operation is not allowed on this node";
    private static final String HOSTILE_NAME = "we\"ird; tenant ü_%";

    private CitusCluster cluster;

    @BeforeAll
    void startCluster() {
        cluster = CitusCluster.builder().name("stand-in").workers(2).version(CitusVersion.V12_1).start();
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void versionCheckFailsAfterAnImageSwapUntilAlterExtensionCitusUpdateOnThatNode() throws Exception {
        try (CitusCluster swapped = CitusCluster.builder().name("swap").workers(1).start()) {
            swapped.createTenant("app");
            swapped.createTenant(HOSTILE_NAME);
            for (PgServer node : swapped.nodes()) {
                assertThat(node.queryString("app", CITUS_VERSION)).startsWith("Citus 12.1.0 ");
                assertThat(node.queryString("app", EXTVERSION)).isEqualTo("12.1-1");
            }

            swapped.upgradeNode(1, CitusVersion.V13_0);
            PgServer worker = swapped.worker(1);
            assertThat(swapped.image(1)).isEqualTo(CitusVersion.V13_0);
            assertThat(swapped.image(0)).isEqualTo(CitusVersion.V12_1);
            for (String sql : List.of(CITUS_VERSION, "SELECT citus_is_coordinator()",
                    "SELECT * FROM citus_get_active_worker_nodes()")) {
                assertInstalledVersionMismatch(worker, "app", sql);
                assertInstalledVersionMismatch(worker, HOSTILE_NAME, sql);
            }
            assertThat(swapped.coordinator().queryString("app", CITUS_VERSION)).startsWith("Citus 12.1.0 ");

            // the check sees the current transaction's pg_extension row
            try (Connection connection = worker.connect("app")) {
                connection.setAutoCommit(false);
                execute(connection, "ALTER EXTENSION citus UPDATE");
                assertThat(single(connection, CITUS_VERSION)).startsWith("Citus 13.0.0 ");
                connection.rollback();
            }
            assertInstalledVersionMismatch(worker, "app", CITUS_VERSION);

            // ALTER EXTENSION citus UPDATE is allowed on a worker, and fixes that database only
            worker.execute("app", "ALTER EXTENSION citus UPDATE");
            assertThat(worker.queryString("app", EXTVERSION)).isEqualTo("13.0-1");
            assertThat(worker.queryString("app", CITUS_VERSION)).startsWith("Citus 13.0.0 ");
            assertThat(worker.queryString("app", "SELECT citus_stand_in_v13_feature()")).isEqualTo("v13 feature");
            assertInstalledVersionMismatch(worker, HOSTILE_NAME, CITUS_VERSION);

            // as in Citus: an explicit version must match the loaded library
            assertThatThrownBy(() -> worker.execute(HOSTILE_NAME, "ALTER EXTENSION citus UPDATE TO '12.1-1'"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertServerError(e, "XX000",
                            "specified version incompatible with loaded Citus library",
                            "Loaded library requires 13.0, but 12.1-1 was specified.",
                            "If a newer library is present, restart the database and try the command again."));

            // a fresh 13.0-1 install has the same objects as 12.1-1 updated to 13.0-1
            worker.createDatabase("fresh");
            worker.execute("fresh", "CREATE EXTENSION citus");
            assertThat(worker.queryString("fresh", EXTVERSION)).isEqualTo("13.0-1");
            assertThat(extensionMembers(worker, "fresh")).isEqualTo(extensionMembers(worker, "app"))
                    .contains("function citus_stand_in_v13_feature()", "table pg_dist_node",
                            "table pg_dist_local_group", "function citus_finish_citus_upgrade()"); // procedures too

            // files swapped without a restart: the 12.1 library stays loaded, and Citus's check of
            // the control file's default_version refuses both the functions and the update
            PgServer coordinator = swapped.coordinator();
            coordinator.install().installCitusStandIn(CitusVersion.V13_0);
            for (String sql : List.of(CITUS_VERSION, "ALTER EXTENSION citus UPDATE")) {
                assertThatThrownBy(() -> coordinator.execute("app", sql))
                        .as(sql)
                        .isInstanceOfSatisfying(PSQLException.class, e -> assertServerError(e, "XX000",
                                "loaded Citus library version differs from latest available extension version",
                                "Loaded library requires 12.1, but the latest control file specifies 13.0-1.",
                                "Restart the database to load the latest Citus library."));
            }
            coordinator.restart();
            coordinator.execute("app", "ALTER EXTENSION citus UPDATE");
            assertThat(coordinator.queryString("app", CITUS_VERSION)).startsWith("Citus 13.0.0 ");

            // upgradeImage: every node, a stopped one gets the files and loads them when started
            swapped.stopWorker(1);
            swapped.upgradeImage(CitusVersion.V13_0);
            assertThat(worker.isRunning()).isFalse();
            swapped.startWorker(1);
            assertThat(List.of(swapped.image(0), swapped.image(1))).containsOnly(CitusVersion.V13_0);
            assertInstalledVersionMismatch(coordinator, HOSTILE_NAME, CITUS_VERSION);
            assertInstalledVersionMismatch(worker, HOSTILE_NAME, CITUS_VERSION);
            assertThat(worker.queryString("app", CITUS_VERSION)).startsWith("Citus 13.0.0 ");
        }
    }

    @Test
    void citusFinishCitusUpgradeRecordsEachCall() throws Exception {
        cluster.createTenant("finish_a");
        cluster.createTenant("finish_b");
        PgServer coordinator = cluster.coordinator();
        coordinator.execute("finish_a", "CALL citus_finish_citus_upgrade()", "CALL citus_finish_citus_upgrade()");
        coordinator.execute("finish_b", "CALL pg_catalog.citus_finish_citus_upgrade()");
        cluster.worker(2).execute("finish_b", "CALL citus_finish_citus_upgrade()");

        assertThat(rows(coordinator, "finish_a", "SELECT database_name, extension_version, local_groupid::text"
                + " FROM citus_stand_in_finish_calls ORDER BY called_at"))
                .containsExactly("finish_a|12.1-1|0", "finish_a|12.1-1|0");
        assertThat(coordinator.queryString("finish_b", "SELECT count(*) FROM citus_stand_in_finish_calls"))
                .isEqualTo("1");
        assertThat(rows(cluster.worker(2), "finish_b",
                "SELECT database_name || '|' || local_groupid FROM citus_stand_in_finish_calls"))
                .containsExactly("finish_b|2");
        assertThat(cluster.worker(1).queryString("finish_b", "SELECT count(*) FROM citus_stand_in_finish_calls"))
                .isEqualTo("0");
        assertThat(coordinator.queryString("finish_a",
                "SELECT count(*) FROM citus_stand_in_finish_calls WHERE called_at <= now()")).isEqualTo("2");
    }

    @Test
    void workersRefuseExtensionDdlThatTheCoordinatorRuns() throws Exception {
        cluster.createTenant("ddl");
        cluster.coordinator().execute("ddl", "CREATE EXTENSION hstore VERSION '1.7'");
        cluster.propagateToWorkers("ddl", "CREATE EXTENSION hstore VERSION '1.7'");
        PgServer worker = cluster.worker(1);
        assertThat(worker.queryString("ddl", HSTORE_VERSION)).isEqualTo("1.7");

        for (String sql : List.of("ALTER EXTENSION hstore UPDATE", "ALTER EXTENSION hstore UPDATE TO '1.8'",
                "ALTER EXTENSION hstore SET SCHEMA public", "CREATE EXTENSION pg_trgm",
                "CREATE EXTENSION IF NOT EXISTS hstore", "CREATE EXTENSION \"CITUS_X\"")) {
            assertThatThrownBy(() -> worker.execute("ddl", sql))
                    .as(sql)
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertServerError(e, "XX000",
                            NOT_ALLOWED, null, "Connect to the coordinator and run it again."));
        }
        assertThat(worker.queryString("ddl", HSTORE_VERSION)).isEqualTo("1.7");
        assertThat(worker.queryString("ddl", "SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'"))
                .isEqualTo("0");

        // the coordinator runs it, and (unlike Citus) does not propagate it
        cluster.coordinator().execute("ddl", "ALTER EXTENSION hstore UPDATE", "CREATE EXTENSION pg_trgm");
        assertThat(cluster.coordinator().queryString("ddl", HSTORE_VERSION)).isEqualTo("1.8");
        assertThat(worker.queryString("ddl", HSTORE_VERSION)).isEqualTo("1.7");

        // what Citus's propagation would do: the DDL with citus.enable_ddl_propagation off
        cluster.propagateToWorkers("ddl", "ALTER EXTENSION hstore UPDATE");
        assertThat(worker.queryString("ddl", HSTORE_VERSION)).isEqualTo("1.8");
        assertThat(cluster.worker(2).queryString("ddl", HSTORE_VERSION)).isEqualTo("1.8");

        // the node's role is read in the current transaction
        try (Connection connection = worker.connect("ddl")) {
            connection.setAutoCommit(false);
            execute(connection, "UPDATE pg_dist_local_group SET groupid = 0");
            execute(connection, "CREATE EXTENSION pg_trgm");
            connection.rollback();
        }

        // citus itself and statements Citus does not refuse pass on a worker
        worker.execute("ddl", "ALTER EXTENSION citus UPDATE", "ALTER EXTENSION \"citus\" UPDATE TO '12.1-1'",
                "CREATE TABLE local_table (id int)", "ALTER EXTENSION hstore ADD TABLE local_table",
                "ALTER EXTENSION hstore DROP TABLE local_table", "DROP EXTENSION hstore");
        assertThat(worker.queryString("ddl", "SELECT count(*) FROM pg_extension WHERE extname = 'hstore'"))
                .isEqualTo("0");
    }

    @Test
    void databasesWithoutCitusOrBeingSetUpAreNotRestricted() throws Exception {
        PgServer worker = cluster.worker(2);
        worker.createDatabase("plain");
        worker.execute("plain", "CREATE EXTENSION hstore VERSION '1.7'", "ALTER EXTENSION hstore UPDATE");

        // citus mid-install and dropped again: nothing refused, nothing crashes
        try (Connection connection = worker.connect("plain")) {
            connection.setAutoCommit(false);
            execute(connection, "CREATE EXTENSION citus");
            execute(connection, "UPDATE pg_dist_local_group SET groupid = 2");
            assertThatThrownBy(() -> execute(connection, "CREATE EXTENSION pg_trgm"))
                    .hasMessageContaining(NOT_ALLOWED);
            connection.rollback();
            execute(connection, "CREATE EXTENSION pg_trgm");
            execute(connection, "CREATE EXTENSION citus");
            execute(connection, "DROP EXTENSION citus");
            execute(connection, "ALTER EXTENSION pg_trgm UPDATE");
            connection.commit();
        }
        assertThat(worker.queryString("plain", "SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension"))
                .isEqualTo("hstore,pg_trgm,plpgsql");

        // a worker whose pg_dist_local_group lost its row fails like Citus, without crashing
        worker.execute("plain", "CREATE EXTENSION citus", "DELETE FROM pg_dist_local_group");
        assertThatThrownBy(() -> worker.execute("plain", "CREATE EXTENSION cube"))
                .hasMessageContaining("could not find any entries in pg_dist_local_group");
        assertThat(worker.queryString("plain", "SELECT 1")).isEqualTo("1");
        worker.dropDatabase("plain");
    }

    @Test
    void nodeFunctionsReadTheDatabasesMetadata() throws Exception {
        cluster.createTenant("nodes");
        cluster.createTenant(HOSTILE_NAME);
        PgServer coordinator = cluster.coordinator();
        String workers = String.join(",", workerRows());

        for (String database : List.of("nodes", HOSTILE_NAME)) {
            assertThat(String.join(",", rows(coordinator, database,
                    "SELECT node_name || ':' || node_port FROM citus_get_active_worker_nodes()"))).isEqualTo(workers);
            assertThat(coordinator.queryString(database, "SELECT citus_is_coordinator()")).isEqualTo("t");
            for (int group = 1; group <= cluster.workerCount(); group++) {
                PgServer worker = cluster.worker(group);
                assertThat(worker.queryString(database, "SELECT citus_is_coordinator()")).isEqualTo("f");
                assertThat(worker.queryString(database, "SELECT groupid FROM pg_dist_local_group"))
                        .isEqualTo(String.valueOf(group));
                // Citus 11+ syncs the metadata to every node
                assertThat(String.join(",", rows(worker, database,
                        "SELECT node_name || ':' || node_port FROM citus_get_active_worker_nodes()"))).isEqualTo(workers);
            }
        }
        assertThat(rows(coordinator, "nodes", "SELECT nodeid || '|' || groupid || '|' || nodename || '|' || nodeport"
                + " || '|' || noderole || '|' || isactive || '|' || hasmetadata FROM pg_dist_node ORDER BY nodeid"))
                .containsExactly(
                        "1|0|coordinator.invalid|" + coordinator.port() + "|primary|true|true",
                        "2|1|worker-1.invalid|" + cluster.worker(1).port() + "|primary|true|true",
                        "3|2|worker-2.invalid|" + cluster.worker(2).port() + "|primary|true|true");
        assertThat(cluster.nodeAddresses()).containsExactly(
                java.util.Map.entry("coordinator.invalid", "127.0.0.1:" + coordinator.port()),
                java.util.Map.entry("worker-1.invalid", "127.0.0.1:" + cluster.worker(1).port()),
                java.util.Map.entry("worker-2.invalid", "127.0.0.1:" + cluster.worker(2).port()));

        // metadata is per database
        coordinator.execute("nodes", "UPDATE pg_dist_node SET isactive = false WHERE groupid = 2");
        assertThat(rows(coordinator, "nodes", "SELECT node_name FROM citus_get_active_worker_nodes()"))
                .containsExactly("worker-1.invalid");
        assertThat(rows(coordinator, HOSTILE_NAME, "SELECT node_name FROM citus_get_active_worker_nodes()"))
                .containsExactly("worker-1.invalid", "worker-2.invalid");
        coordinator.execute("nodes", "DELETE FROM pg_dist_node");
        assertThat(coordinator.queryString("nodes", "SELECT citus_is_coordinator()")).isEqualTo("f");
    }

    @Test
    void aStoppedWorkerComesBackOnItsPort() throws Exception {
        cluster.createTenant("restart");
        int port = cluster.worker(1).port();
        cluster.stopWorker(1);
        assertThat(cluster.worker(1).isRunning()).isFalse();
        assertThatThrownBy(() -> cluster.worker(1).connect("restart")).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> cluster.propagateToWorkers("restart", "SELECT 1")).isInstanceOf(SQLException.class);
        cluster.startWorker(1);
        assertThat(cluster.worker(1).port()).isEqualTo(port);
        assertThat(cluster.worker(1).queryString("restart", CITUS_VERSION)).startsWith("Citus 12.1.0 ");
    }

    @Test
    void theLibraryRefusesToLoadWithoutSharedPreloadLibraries() throws Exception {
        // a second server on the coordinator's installation copy, configured without the preload
        try (PgServer server = PgServer.builder(cluster.coordinator().install()).name("no-preload").start()) {
            assertThatThrownBy(() -> server.execute(PgServer.ADMIN_DATABASE, "CREATE EXTENSION citus"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertServerError(e, "XX000",
                            "Citus can only be loaded via shared_preload_libraries", null,
                            "Add citus to shared_preload_libraries configuration variable in postgresql.conf in "
                                    + "master and workers. Note that citus should be at the beginning of "
                                    + "shared_preload_libraries."));
        }
    }

    // ---------------------------------------------------------------- helpers

    private List<String> workerRows() {
        List<String> rows = new ArrayList<>();
        for (int group = 1; group <= cluster.workerCount(); group++) {
            rows.add(cluster.workerNodeName(group) + ":" + cluster.worker(group).port());
        }
        return rows;
    }

    private static void assertInstalledVersionMismatch(PgServer server, String database, String sql) {
        assertThatThrownBy(() -> server.queryString(database, sql))
                .as("%s in %s", sql, database)
                .isInstanceOfSatisfying(PSQLException.class, e -> assertServerError(e, "XX000",
                        "loaded Citus library version differs from installed extension version",
                        "Loaded library requires 13.0, but the installed extension version is 12.1-1.",
                        "Run ALTER EXTENSION citus UPDATE and try again."));
    }

    private static void assertServerError(PSQLException e, String sqlState, String message, String detail,
            String hint) {
        assertThat(e.getSQLState()).isEqualTo(sqlState);
        ServerErrorMessage error = e.getServerErrorMessage();
        assertThat(error.getMessage()).isEqualTo(message);
        assertThat(error.getDetail()).isEqualTo(detail);
        assertThat(error.getHint()).isEqualTo(hint);
    }

    private static List<String> extensionMembers(PgServer server, String database) throws SQLException {
        return rows(server, database, "SELECT pg_describe_object(classid, objid, objsubid) FROM pg_depend"
                + " WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'"
                + " AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'citus') ORDER BY 1");
    }

    private static List<String> rows(PgServer server, String database, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = server.connect(database);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                List<String> row = new ArrayList<>();
                for (int column = 1; column <= columns; column++) {
                    row.add(rows.getString(column));
                }
                values.add(String.join("|", row));
            }
        }
        return values;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }
}
