package io.extguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.model.Mode;
import io.extguard.report.SqlScript;
import io.extguard.model.RunReport;
import io.extguard.testsupport.Connections;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.ServerTest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The psql script of a plan for real PostGIS (Debian's postgresql-15-postgis-3) in a non-public
 * schema, in the states of {@link PostgisTest}: the PostGIS recipe's line, postgis_extensions_upgrade()
 * in postgis's own schema found by psql at run time, takes every database where preflight would.
 */
@ServerTest
class PostgisScriptTest {
    private static final String SEARCH_PATH = "SET search_path = \"$user\", public, gis";
    private static final String[] FAMILY = {SEARCH_PATH, "CREATE SCHEMA gis",
        "CREATE EXTENSION postgis SCHEMA gis",
        "CREATE EXTENSION postgis_raster SCHEMA gis",
        "CREATE EXTENSION postgis_topology",
        "CREATE EXTENSION address_standardizer SCHEMA gis"};
    /* As in PostgisTest: what older scripts leave behind, under an unchanged extversion. */
    private static final String STALE_CORE = "CREATE OR REPLACE FUNCTION gis.postgis_scripts_installed() RETURNS text"
            + " AS $$ SELECT trim('3.3.0'::text || $rev$ 1a2b3c4 $rev$) AS version $$ LANGUAGE sql IMMUTABLE";
    private static final String OLD_CATALOG = "UPDATE pg_catalog.pg_extension SET extversion = '3.3.0' WHERE extname IN"
            + " ('postgis', 'postgis_raster', 'postgis_topology', 'address_standardizer')";

    @Test
    void theScriptUpgradesThePostgisFamilyInItsOwnSchema(@TempDir Path dir) throws Exception {
        try (PgServer server = PgServer.builder(PgInstall.shared()).name("postgis-script").start()) {
            for (String database : List.of("gis_stale", "gis_old")) {
                server.createDatabase(database);
                server.execute(database, "ALTER DATABASE " + database + " " + SEARCH_PATH);
                server.execute(database, FAMILY);
            }
            server.execute("gis_stale", SEARCH_PATH, STALE_CORE);
            server.execute("gis_old", STALE_CORE, OLD_CATALOG);
            List<String> databases = List.of("gis_stale", "gis_old");

            RunReport before = Runs.run(server, Mode.CHECK, databases);
            assertThat(before.exitCode()).as(before.toString()).isEqualTo(3);
            String script = SqlScript.render(before);
            assertThat(script).contains("SELECT :\"extguard_postgis_nspname\".postgis_extensions_upgrade();")
                    .contains("-- updated by postgis_extensions_upgrade(), run for postgis")
                    .contains("ALTER EXTENSION \"address_standardizer\" UPDATE TO '3.3.2';")
                    .doesNotContain("ALTER EXTENSION \"postgis");

            PsqlScripts.Run psql = PsqlScripts.run(server, script, dir);
            assertThat(psql.exitCode()).as(psql.output()).isZero();

            RunReport after = Runs.run(server, Mode.CHECK, databases);
            assertThat(after.exitCode()).as(after.toString()).isZero();
            assertThat(databases).isNotEmpty();
            for (String database : databases) {
                assertThat(server.queryString(database, "SELECT gis.postgis_full_version()")).doesNotContain("need upgrade");
                assertThat(server.queryString(database, "SELECT string_agg(extname || ' ' || extversion, ', '"
                        + " ORDER BY extname) FROM pg_extension WHERE extname <> 'plpgsql'"))
                        .isEqualTo("address_standardizer 3.3.2, postgis 3.3.2, postgis_raster 3.3.2, postgis_topology 3.3.2");
            }
        }
    }
}
