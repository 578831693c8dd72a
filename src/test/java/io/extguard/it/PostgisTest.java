package io.extguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.model.DatabaseReport;
import io.extguard.model.Action;
import io.extguard.connect.Sleeper;
import io.extguard.discovery.NameFilter;
import io.extguard.model.PlanEntry;
import io.extguard.plan.Selection;
import io.extguard.run.FleetRun;
import io.extguard.model.Mode;
import io.extguard.run.RunListener;
import io.extguard.model.RunReport;
import io.extguard.config.RunSettings;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.Connections;
import io.extguard.testsupport.ServerTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Real PostGIS 3.3.2 (Debian's postgresql-15-postgis-3) with postgis and postgis_raster in schema
 * {@code gis} and postgis_topology in {@code topology}: stale procedures under an unchanged version,
 * and catalog versions from an older release.
 */
@ServerTest
class PostgisTest {
    /* postgis_topology's script, like applications, finds geometry through the search_path. */
    private static final String SEARCH_PATH = "SET search_path = \"$user\", public, gis";
    private static final List<String> FAMILY = List.of(SEARCH_PATH, "CREATE SCHEMA gis",
            "CREATE EXTENSION postgis SCHEMA gis",
            "CREATE EXTENSION postgis_raster SCHEMA gis",
            "CREATE EXTENSION postgis_topology",
            "CREATE EXTENSION address_standardizer SCHEMA gis",
            "CREATE TABLE parcels (id int PRIMARY KEY, shape gis.geometry(Polygon, 4326))");

    /*
     * What a PostgreSQL major upgrade (or a PostGIS package rebuilt within one release) leaves: the
     * procedures of the old scripts under an unchanged extversion. postgis_scripts_installed() is
     * a SQL function whose body the install or upgrade script writes with its own release
     * ("SELECT trim('3.3.2'::text || $rev$ 4975da8 $rev$)" in postgis--3.3.2.sql), and it is what
     * postgis_full_version() compares with the C library's postgis_scripts_released(). Redefining
     * it with an older release is exactly the state older scripts leave behind; CREATE OR REPLACE
     * keeps it a member of the extension, as the real one is.
     */
    private static final String STALE_CORE = "CREATE OR REPLACE FUNCTION gis.postgis_scripts_installed() RETURNS text"
            + " AS $$ SELECT trim('3.3.0'::text || $rev$ 1a2b3c4 $rev$) AS version $$ LANGUAGE sql IMMUTABLE";
    private static final String STALE_TOPOLOGY = "CREATE OR REPLACE FUNCTION topology.postgis_topology_scripts_installed()"
            + " RETURNS text AS $$ SELECT trim('3.3.0'::text || $rev$ 1a2b3c4 $rev$) AS version $$ LANGUAGE sql IMMUTABLE";
    /* PostGIS ships postgis--3.3.0--3.3.2.sql and its siblings: a release it upgrades from. */
    private static final String OLD_CATALOG = "UPDATE pg_catalog.pg_extension SET extversion = '3.3.0' WHERE extname IN"
            + " ('postgis', 'postgis_raster', 'postgis_topology', 'address_standardizer')";
    private static final String FULL_VERSION = "SELECT gis.postgis_full_version()";

    @Test
    void staleProceduresAndOlderCatalogVersionsAreFoundAndUpgradedInPostgisOwnSchema() throws Exception {
        try (PgServer server = PgServer.builder(PgInstall.shared()).name("postgis").start()) {
            server.createDatabase("gis_stale");
            server.execute("gis_stale", "ALTER DATABASE gis_stale " + SEARCH_PATH);
            server.execute("gis_stale", FAMILY.toArray(String[]::new));
            server.execute("gis_stale", SEARCH_PATH, STALE_CORE, STALE_TOPOLOGY);
            server.createDatabase("gis_old");
            server.execute("gis_old", "ALTER DATABASE gis_old " + SEARCH_PATH);
            server.execute("gis_old", FAMILY.toArray(String[]::new));
            server.execute("gis_old", STALE_CORE, OLD_CATALOG);
            assertThat(server.queryString("gis_stale", FULL_VERSION))
                    .contains("(core procs from \"3.3.0 1a2b3c4\" need upgrade)")
                    .contains("(topology procs from \"3.3.0 1a2b3c4\" need upgrade)");
            List<String> databases = List.of("gis_stale", "gis_old");

            RunReport before = Runs.run(server, Mode.CHECK, databases);
            assertThat(before.exitCode()).as(before.toString()).isEqualTo(3);
            DatabaseReport stale = report(before, "gis_stale");
            PlanEntry postgis = entry(stale, "postgis");
            assertThat(postgis.action()).isEqualTo(Action.UPDATE);
            assertThat(postgis.installed()).isEqualTo("3.3.2");
            assertThat(postgis.target()).isEqualTo("3.3.2");
            assertThat(postgis.reason()).isEqualTo("postgis_full_version() reports core procs from \"3.3.0 1a2b3c4\" "
                    + "need upgrade, topology procs from \"3.3.0 1a2b3c4\" need upgrade at version 3.3.2; "
                    + "preflight runs postgis_extensions_upgrade()");
            DatabaseReport old = report(before, "gis_old");
            for (String extension : List.of("postgis", "postgis_raster", "postgis_topology", "address_standardizer")) {
                assertThat(entry(old, extension).action()).as(extension).isEqualTo(Action.UPDATE);
                assertThat(entry(old, extension).installed()).as(extension).isEqualTo("3.3.0");
            }

            RunReport preflight = Runs.run(server, Mode.PREFLIGHT, databases);
            assertThat(preflight.exitCode()).as(preflight.toString()).isZero();
            assertThat(report(preflight, "gis_old").changed("address_standardizer")).isTrue();

            RunReport after = Runs.run(server, Mode.CHECK, databases);
            assertThat(after.exitCode()).as(after.toString()).isZero();
            for (String database : databases) {
                assertThat(server.queryString(database, FULL_VERSION)).doesNotContain("need upgrade");
                assertThat(server.queryString(database, "SELECT gis.postgis_scripts_installed()")).startsWith("3.3.2 ");
                assertThat(server.queryString(database, "SELECT string_agg(extname || ' ' || extversion, ', '"
                        + " ORDER BY extname) FROM pg_extension WHERE extname <> 'plpgsql'"))
                        .isEqualTo("address_standardizer 3.3.2, postgis 3.3.2, postgis_raster 3.3.2, postgis_topology 3.3.2");
                server.execute(database, "INSERT INTO parcels VALUES (1, gis.ST_GeomFromText("
                        + "'POLYGON((0 0, 1 0, 1 1, 0 0))', 4326))");
                assertThat(server.queryString(database, "SELECT gis.ST_Area(shape) FROM parcels")).isEqualTo("0.5");
            }
        }
    }

    @Test
    void aFamilyMemberPinnedBelowTheDefaultIsRolledBackNotTakenToTheDefault() throws Exception {
        try (PgServer server = PgServer.builder(PgInstall.shared()).name("postgis-pinned").start()) {
            server.createDatabase("gis_pinned");
            server.execute("gis_pinned", "ALTER DATABASE gis_pinned " + SEARCH_PATH);
            server.execute("gis_pinned", FAMILY.toArray(String[]::new));
            server.execute("gis_pinned", STALE_CORE, OLD_CATALOG);
            Selection pinned = new Selection(NameFilter.all(), Map.of("postgis", "3.3.0"), Set.of());
            RunSettings settings = RunSettings.builder(Mode.PREFLIGHT).serverWait(Duration.ofSeconds(10))
                    .databases(new NameFilter(List.of("gis_pinned"), List.of())).selection(pinned).concurrency(1)
                    .retries(0).build();

            RunReport preflight = new FleetRun(Connections.settings(server), settings, Sleeper.REAL, RunListener.NONE).run();

            assertThat(preflight.exitCode()).isEqualTo(1);
            DatabaseReport db = report(preflight, "gis_pinned");
            assertThat(db.error()).startsWith("rolled back, database unchanged")
                    .contains("took postgis to 3.3.2, the library's default version, not to its target 3.3.0");
            assertThat(server.queryString("gis_pinned", "SELECT string_agg(extversion, ',' ORDER BY extname)"
                    + " FROM pg_extension WHERE extname LIKE 'postgis%'")).isEqualTo("3.3.0,3.3.0,3.3.0");
        }
    }

    private static DatabaseReport report(RunReport run, String database) {
        return run.databases().stream().filter(d -> d.database().equals(database)).findFirst().orElseThrow();
    }

    private static PlanEntry entry(DatabaseReport db, String extension) {
        return db.plan().stream().filter(e -> e.extension().equals(extension)).findFirst()
                .orElseThrow(() -> new AssertionError(extension + " not in the plan of " + db));
    }
}
