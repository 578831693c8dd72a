package io.extguard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extguard.model.DatabaseReport;
import io.extguard.model.DatabaseStatus;
import io.extguard.model.Action;
import io.extguard.model.PlanEntry;
import io.extguard.model.Mode;
import io.extguard.model.RunReport;
import io.extguard.sidecar.DriftWatcher;
import io.extguard.sidecar.HealthState;
import io.extguard.sidecar.SidecarEvents;
import io.extguard.sidecar.SidecarSettings;
import io.extguard.testsupport.FixtureVersion;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.TimescaleVersion;
import io.extguard.testsupport.Connections;
import io.extguard.testsupport.ServerTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A TimescaleDB image upgrade from 2.17.2 to 2.19.3, with the stand-in of
 * src/test/c/timescaledb_stand_in (its loader behaves as TimescaleDB's src/loader/loader.c): check,
 * preflight, check, in an image that still ships the old versioned library and in one that ships
 * only the new one. The maintenance database has TimescaleDB too, so every session extguard opens
 * meets the loader. Each tenant also has extensions without a recipe, updated as before.
 */
@ServerTest
class TimescaleDbTest {
    private static final List<String> TENANTS = List.of("tenant_a", "tenant_b");
    private static final List<String> ALL = List.of("postgres", "tenant_a", "tenant_b");

    @ParameterizedTest(name = "image keeps timescaledb-2.17.2.so: {0}")
    @ValueSource(booleans = {true, false})
    void checkPreflightCheckAfterAnImageUpgrade(boolean keepOldLibrary) throws Exception {
        try (PgInstall install = PgInstall.create("timescaledb-" + keepOldLibrary)) {
            install.installTimescaleStandIn(TimescaleVersion.V2_17_2, true);
            install.installFixture(FixtureVersion.V1_0);
            try (PgServer server = PgServer.builder(install).name("timescaledb")
                    .config(TimescaleVersion.SHARED_PRELOAD_LIBRARIES).start()) {
                server.execute("postgres", "CREATE EXTENSION timescaledb");
                for (String tenant : TENANTS) {
                    server.createDatabase(tenant);
                    server.execute(tenant, "CREATE EXTENSION timescaledb", "CREATE EXTENSION extguard_fixture",
                            "CREATE EXTENSION hstore VERSION '1.4'",
                            "CREATE TABLE conditions (ts timestamptz NOT NULL, temperature real)",
                            "SELECT create_hypertable('conditions', 'ts')");
                }
                install.installTimescaleStandIn(TimescaleVersion.V2_19_3, keepOldLibrary);
                install.installFixture(FixtureVersion.V2_0);
                server.restart();
                if (!keepOldLibrary) {
                    // what applications see: their first statement fails
                    assertThatThrownBy(() -> server.queryString("tenant_a", "SELECT 1"))
                            .hasMessageContaining("could not access file \"$libdir/timescaledb-2.17.2\"");
                }

                RunReport before = Runs.run(server, Mode.CHECK, ALL);
                assertThat(before.exitCode()).as(before.toString()).isEqualTo(3);
                assertThat(before.databases()).hasSize(ALL.size()).allSatisfy(db -> {
                    assertThat(db.status()).as(db.toString()).isEqualTo(DatabaseStatus.DRIFTED);
                    PlanEntry timescale = entry(db, "timescaledb");
                    assertThat(timescale.action()).isEqualTo(Action.UPDATE);
                    assertThat(timescale.installed()).isEqualTo("2.17.2");
                    assertThat(timescale.target()).isEqualTo("2.19.3");
                    assertThat(timescale.reason()).isEqualTo(keepOldLibrary
                            ? "the library's default version is 2.19.3"
                            : "the image no longer ships timescaledb-2.17.2; preflight updates the catalog to 2.19.3");
                });
                assertThat(entry(before.databases().get(1), "extguard_fixture").action()).isEqualTo(Action.UPDATE);

                DriftWatcher sidecar = new DriftWatcher(Connections.settings(server),
                        Runs.settings(Mode.CHECK, ALL, Duration.ZERO),
                        new SidecarSettings(Duration.ofMinutes(1), Duration.ofMinutes(10), false, false),
                        Clock.systemUTC(), SidecarEvents.NONE);
                sidecar.checkNow();
                assertThat(sidecar.status().state()).as(sidecar.status().message()).isEqualTo(HealthState.Degraded);
                assertThat(sidecar.status().drift()).anySatisfy(d -> assertThat(d.extension()).isEqualTo("timescaledb"));

                RunReport preflight = Runs.run(server, Mode.PREFLIGHT, ALL);
                assertThat(preflight.exitCode()).as(preflight.toString()).isZero();
                assertThat(preflight.databases()).hasSize(ALL.size())
                        .allSatisfy(db -> assertThat(db.changed("timescaledb")).as(db.toString()).isTrue());
                for (String tenant : TENANTS) {
                    DatabaseReport db = preflight.databases().stream().filter(d -> d.database().equals(tenant))
                            .findFirst().orElseThrow();
                    assertThat(db.changed("extguard_fixture")).isTrue();
                    assertThat(db.changed("hstore")).isTrue();
                }

                RunReport after = Runs.run(server, Mode.CHECK, ALL);
                assertThat(after.exitCode()).as(after.toString()).isZero();
                sidecar.checkNow();
                assertThat(sidecar.status().state()).as(sidecar.status().message()).isEqualTo(HealthState.Healthy);

                // an ordinary session (pgjdbc's SET application_name first) works through the extension
                for (String tenant : TENANTS) {
                    try (Connection app = server.connect(tenant); Statement st = app.createStatement()) {
                        st.execute("CREATE TABLE metrics (ts timestamptz NOT NULL, value double precision)");
                        try (ResultSet rs = st.executeQuery("SELECT created FROM create_hypertable('metrics', 'ts')")) {
                            assertThat(rs.next()).isTrue();
                            assertThat(rs.getBoolean(1)).isTrue();
                        }
                        try (ResultSet rs = st.executeQuery("SELECT table_name, library_version, compression_state"
                                + " FROM _timescaledb_catalog.hypertable ORDER BY id")) {
                            assertThat(rs.next()).isTrue();
                            assertThat(rs.getString(1)).isEqualTo("conditions");
                            assertThat(rs.getString(2)).isEqualTo("2.17.2");
                            assertThat(rs.next()).isTrue();
                            assertThat(rs.getString(1)).isEqualTo("metrics");
                            assertThat(rs.getString(2)).isEqualTo("2.19.3");
                            assertThat(rs.getInt(3)).isZero();
                        }
                    }
                }
            }
        }
    }

    private static PlanEntry entry(DatabaseReport db, String extension) {
        return db.plan().stream().filter(e -> e.extension().equals(extension)).findFirst()
                .orElseThrow(() -> new AssertionError(extension + " not in the plan of " + db));
    }

    static String single(Connection connection, String sql) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
