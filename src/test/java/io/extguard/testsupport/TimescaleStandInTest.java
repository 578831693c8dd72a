package io.extguard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * Proves the {@code timescaledb} stand-in (src/test/c/timescaledb_stand_in/loader.c) behaves as
 * TimescaleDB's loader does after an image upgrade from 2.17.2 to 2.19.3, in both image variants.
 * Sessions here send nothing before the test's own statements: pgjdbc puts application_name in the
 * startup packet when told the server is at least 9.0, instead of sending {@code SET}.
 */
@ServerTest
class TimescaleStandInTest {

    private static final String EXTVERSION = "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'";

    @Test
    void imageThatKeepsTheOldLibraryRefusesTheUpdateOnceAnyStatementLoadedIt() throws Exception {
        try (PgInstall install = PgInstall.create("ts-keep");
             PgServer server = startWith(install, "ts-keep")) {
            createTimescaleDatabase(server, "app");
            install.installTimescaleStandIn(TimescaleVersion.V2_19_3, true);
            server.restart();

            try (Connection first = open(server, "app", "")) {
                assertThat(query(first, "SHOW timescaledb.disable_load")).isEqualTo("off");
                assertThatThrownBy(() -> execute(first, "ALTER EXTENSION timescaledb UPDATE"))
                        .isInstanceOfSatisfying(PSQLException.class, e -> {
                            assertThat(e.getSQLState()).isEqualTo("0A000");
                            assertThat(e.getServerErrorMessage().getMessage()).isEqualTo(
                                    "extension \"timescaledb\" cannot be updated after the old version has already been loaded");
                            assertThat(e.getServerErrorMessage().getHint()).isEqualTo(
                                    "Start a new session and execute ALTER EXTENSION as the first command. "
                                            + "Make sure to pass the \"-X\" flag to psql.");
                        });
                // the old library is what serves this session
                assertThat(query(first, "SELECT _timescaledb_functions.stand_in_library_version()")).isEqualTo("2.17.2");
            }
            try (Connection fresh = open(server, "app", "")) {
                execute(fresh, "ALTER EXTENSION timescaledb UPDATE");
                assertThat(query(fresh, EXTVERSION)).isEqualTo("2.19.3");
                assertThat(query(fresh, "SELECT _timescaledb_functions.stand_in_library_version()")).isEqualTo("2.19.3");
            }
        }
    }

    @Test
    void imageWithoutTheOldLibraryFailsOnlyTheFirstStatementWith58P01() throws Exception {
        try (PgInstall install = PgInstall.create("ts-new-only");
             PgServer server = startWith(install, "ts-new-only")) {
            createTimescaleDatabase(server, "app");
            install.installTimescaleStandIn(TimescaleVersion.V2_19_3, false);
            server.restart();

            try (Connection first = open(server, "app", "")) {
                assertThatThrownBy(() -> query(first, EXTVERSION))
                        .isInstanceOfSatisfying(PSQLException.class, e -> {
                            assertThat(e.getSQLState()).isEqualTo("58P01");
                            assertThat(e.getServerErrorMessage().getMessage()).isEqualTo(
                                    "could not access file \"$libdir/timescaledb-2.17.2\": No such file or directory");
                        });
                // a failed load counts as loaded: the rest of the session works, but cannot update
                assertThat(query(first, EXTVERSION)).isEqualTo("2.17.2");
                assertThatThrownBy(() -> execute(first, "ALTER EXTENSION timescaledb UPDATE"))
                        .hasMessageContaining("cannot be updated after the old version has already been loaded");

                // disable_load in the startup packet: catalog reads, a transaction and the update all work
                try (Connection safe = open(server, "app", "-c timescaledb.disable_load=on")) {
                    assertThat(query(safe, EXTVERSION)).isEqualTo("2.17.2");
                    safe.setAutoCommit(false);
                    execute(safe, "ALTER EXTENSION timescaledb UPDATE");
                    safe.commit();
                }
                // the session that failed to load 2.17.2 counts as using it: it ends at its next statement
                assertThatThrownBy(() -> query(first, "SELECT 1")).isInstanceOfSatisfying(PSQLException.class,
                        e -> assertThat(e.getServerErrorMessage().getSeverity()).isEqualTo("FATAL"));
            }
            try (Connection after = open(server, "app", "")) {
                assertThat(query(after, "SELECT table_name FROM create_hypertable('metrics', 'ts')")).isEqualTo("metrics");
                assertThat(query(after, "SELECT library_version FROM _timescaledb_catalog.hypertable WHERE table_name = 'metrics'"))
                        .isEqualTo("2.19.3");
            }
        }
    }

    @Test
    void sessionsThatUsedTheOldLibraryEndWithFatalAfterTheUpdateIdleOnesGoOn() throws Exception {
        try (PgInstall install = PgInstall.create("ts-open");
             PgServer server = startWith(install, "ts-open")) {
            createTimescaleDatabase(server, "app");
            install.installTimescaleStandIn(TimescaleVersion.V2_19_3, true);
            server.restart();

            try (Connection used = open(server, "app", "");
                 Connection idle = open(server, "app", "")) {
                assertThat(query(used, "SELECT _timescaledb_functions.stand_in_library_version()")).isEqualTo("2.17.2");
                try (Connection updater = open(server, "app", "")) {
                    execute(updater, "ALTER EXTENSION timescaledb UPDATE");
                }
                assertThatThrownBy(() -> query(used, "SELECT 1"))
                        .isInstanceOfSatisfying(PSQLException.class, e -> {
                            assertThat(e.getServerErrorMessage().getSeverity()).isEqualTo("FATAL");
                            assertThat(e.getServerErrorMessage().getMessage())
                                    .isEqualTo("\"timescaledb\" already loaded with a different version");
                            assertThat(e.getServerErrorMessage().getDetail()).isEqualTo("The new version is \"2.19.3\", "
                                    + "this session is using version \"2.17.2\". The session will be restarted.");
                        });
                assertThat(query(idle, "SELECT _timescaledb_functions.stand_in_library_version()")).isEqualTo("2.19.3");
            }
        }
    }

    static PgServer startWith(PgInstall install, String name) {
        install.installTimescaleStandIn(TimescaleVersion.V2_17_2, true);
        return PgServer.builder(install).name(name).config(TimescaleVersion.SHARED_PRELOAD_LIBRARIES).start();
    }

    /** A database with timescaledb 2.17.2 and a table registered through it. */
    static void createTimescaleDatabase(PgServer server, String database) throws SQLException {
        server.createDatabase(database);
        try (Connection connection = open(server, database, "")) {
            execute(connection, "CREATE EXTENSION timescaledb");
            execute(connection, "CREATE TABLE metrics (ts timestamptz NOT NULL, value double precision)");
            execute(connection, "CREATE TABLE conditions (ts timestamptz NOT NULL, temperature real)");
            assertThat(query(connection, "SELECT created FROM create_hypertable('conditions', 'ts')")).isEqualTo("t");
        }
    }

    /** A connection that sends no statement of its own; {@code options} go in the startup packet. */
    static Connection open(PgServer server, String database, String options) throws SQLException {
        Properties properties = server.connectionProperties();
        properties.setProperty("assumeMinServerVersion", "9.0");
        if (!options.isEmpty()) {
            properties.setProperty("options", options);
        }
        return DriverManager.getConnection(server.jdbcUrl(database), properties);
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    static String query(Connection connection, String sql) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
