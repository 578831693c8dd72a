package io.extguard.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.ServerTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The query helper against a real server: rows in order, parameters bound, not spliced. */
@ServerTest
class QueryTest {
    private static final String SERIES = "SELECT g::text FROM pg_catalog.generate_series(1, 3) g";

    private static PgServer server;
    private static Connection connection;

    @BeforeAll
    static void start() throws SQLException {
        server = PgServer.builder(PgInstall.shared()).name("query").start();
        connection = server.connect(PgServer.ADMIN_DATABASE);
    }

    @AfterAll
    static void stop() throws SQLException {
        connection.close();
        server.close();
    }

    @Test
    void listKeepsTheServersOrder() throws SQLException {
        assertThat(Query.list(connection, SERIES, rs -> rs.getString(1))).containsExactly("1", "2", "3");
    }

    @Test
    void aParameterIsBoundNeverSplicedIntoTheText() throws SQLException {
        String hostile = "x'; DROP TABLE t; --";

        String echoed = Query.one(connection, "SELECT ?::text", rs -> rs.getString(1), hostile);

        assertThat(echoed).isEqualTo(hostile);
    }

    /** Preflight's lock and its read under the lock share one round trip (apply/DatabaseUpdate). */
    @Test
    void forEachAfterHandsOnlyTheLastQuerysRowsAndTheLeadingStatementsTookEffect() throws SQLException {
        connection.setAutoCommit(false);
        try {
            List<String> rows = new ArrayList<>();

            Query.forEachAfter(connection, "SET LOCAL lock_timeout = 1234; SELECT 42",
                    SERIES + " UNION ALL SELECT current_setting('lock_timeout')", rs -> rows.add(rs.getString(1)));

            assertThat(rows).containsExactly("1", "2", "3", "1234ms");
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    @Test
    void forEachAfterStopsAtTheFirstFailingStatementAndRunsNoQuery() throws SQLException {
        List<String> rows = new ArrayList<>();

        assertThatThrownBy(() -> Query.forEachAfter(connection, "SELECT 1/0", SERIES, rs -> rows.add(rs.getString(1))))
                .isInstanceOf(SQLException.class).hasMessageContaining("division by zero");
        assertThat(rows).isEmpty();
    }

    @Test
    void firstIsEmptyWithoutARow() throws SQLException {
        assertThat(Query.first(connection, "SELECT 1 WHERE false", rs -> rs.getInt(1))).isEmpty();
    }

    @Test
    void oneWithoutARowFailsNamingTheQuery() {
        assertThatThrownBy(() -> Query.one(connection, "SELECT 1 WHERE false", rs -> rs.getInt(1)))
                .isInstanceOf(SQLException.class).hasMessageContaining("SELECT 1 WHERE false");
    }

    @Test
    void forEachSeesEveryRow() throws SQLException {
        List<String> seen = new ArrayList<>();
        Query.forEach(connection, SERIES + " WHERE g > ?::int", rs -> seen.add(rs.getString(1)), "1");

        assertThat(seen).containsExactly("2", "3");
    }

    @Test
    void aFailedQueryLeavesTheSessionUsable() throws SQLException {
        assertThatThrownBy(() -> Query.list(connection, "SELECT pg_catalog.no_such_function()", rs -> rs.getString(1)))
                .isInstanceOf(SQLException.class);

        String after = Query.one(connection, "SELECT 'ok'", rs -> rs.getString(1));
        assertThat(after).isEqualTo("ok");
    }
}
