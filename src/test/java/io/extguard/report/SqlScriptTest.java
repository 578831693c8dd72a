package io.extguard.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.model.DatabaseReport;
import io.extguard.model.DatabaseStatus;
import io.extguard.model.Action;
import io.extguard.model.PlanEntry;
import io.extguard.model.Mode;
import io.extguard.model.OnFailure;
import io.extguard.model.RunReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    private static RunReport report(DatabaseReport... databases) {
        return RunReport.of(Mode.CHECK, "postgres@db:5432/postgres (sslmode=prefer)", "2026-12-02T13:00:00Z", 5,
                List.of(databases), OnFailure.FAIL);
    }

    private static DatabaseReport db(String name, PlanEntry... plan) {
        return new DatabaseReport(name, DatabaseStatus.DRIFTED, List.of(plan), List.of(), null, 1, 1);
    }

    @Test
    void aDatabaseNameIsQuotedForConnectAsAConnectionStringInsideIdentifierQuotesInsidePsqlQuotes() {
        assertThat(SqlScript.connect("app", List.of())).isEqualTo("\\connect -reuse-previous=on '\"dbname=''app''\"'");
        assertThat(SqlScript.connect("a'b\"c\\d\ne", List.of()))
                .isEqualTo("\\connect -reuse-previous=on '\"dbname=''a\\\\''b\"\"c\\\\\\\\d\\012e''\"'")
                .doesNotContain("\n");
    }

    @Test
    void everySessionStartsWithTheRecipesSessionSettingsAsPreflightsDo() {
        assertThat(SqlScript.connect("app", List.of("-c timescaledb.disable_load=on")))
                .isEqualTo("\\connect -reuse-previous=on '\"dbname=''app'' options=''-c timescaledb.disable_load=on''\"'");
        String script = SqlScript.render(report(db("app",
                new PlanEntry("app", "timescaledb", "2.17.2", "2.19.3", Action.UPDATE, "default"))));
        assertThat(script).contains("options=''-c timescaledb.disable_load=on''")
                .contains("ALTER EXTENSION \"timescaledb\" UPDATE TO '2.19.3';");
    }

    @Test
    void postgisIsUpgradedAsAFamilyInItsOwnSchemaAndARecreateKeepsTheSchema() {
        String script = SqlScript.render(report(db("app",
                new PlanEntry("app", "postgis", "3.3.2", "3.3.2", Action.UPDATE, "procs need upgrade"),
                new PlanEntry("app", "postgis_raster", "3.3.1", "3.3.2", Action.UPDATE, "default"),
                new PlanEntry("app", "pg_repack", "1.4.7", "1.5.0", Action.RECREATE, "--recreate"))));
        assertThat(script)
                .contains("WHERE e.extname = 'postgis' \\gset extguard_postgis_\n"
                        + "SELECT :\"extguard_postgis_nspname\".postgis_extensions_upgrade();\n")
                .contains("-- updated by postgis_extensions_upgrade(), run for postgis\n")
                .doesNotContain("ALTER EXTENSION \"postgis")
                .contains("DROP EXTENSION \"pg_repack\" RESTRICT;\n"
                        + "CREATE EXTENSION \"pg_repack\" SCHEMA :\"extguard_recreate_nspname\" VERSION '1.5.0';");
    }

    @Test
    void whatCannotBeDoneIsACommentAndTheRestOfTheDatabaseStillRuns() {
        String script = SqlScript.render(report(db("app",
                new PlanEntry("app", "hstore", "1.4", "1.8", Action.UPDATE, "the library's default version is 1.8"),
                new PlanEntry("app", "pg_trgm", "1.6", null, Action.ERROR, "no control file"))));

        assertThat(script).contains("-- WARNING: 1 planned change(s) cannot be made by this script")
                .contains("-- NOT INCLUDED: pg_trgm 1.6 -> -: no control file\n")
                .contains("BEGIN;\n-- Waits for an extguard preflight")
                .contains("SELECT pg_catalog.pg_advisory_xact_lock(1702392935, 1);\n"
                        + "-- hstore 1.4 -> 1.8: the library's default version is 1.8\n"
                        + "ALTER EXTENSION \"hstore\" UPDATE TO '1.8';\nCOMMIT;\n");
        assertThat(script.indexOf("\\set ON_ERROR_STOP on")).isLessThan(script.indexOf("\\connect"));
    }

    @Test
    void aNewlineInANameNeverEndsItsComment() {
        String evil = "x\nDROP DATABASE postgres;";
        String script = SqlScript.render(report(db("app",
                new PlanEntry("app", evil, "1", "2", Action.UPDATE, "because " + evil))));

        // Only inside the quoted identifier, where psql and the server read it as part of the name.
        assertThat(script.lines().filter(l -> l.startsWith("DROP"))).containsExactly("DROP DATABASE postgres;\" UPDATE TO '2';");
        assertThat(script).contains("-- x\\u000aDROP DATABASE postgres; 1 -> 2: because x\\u000aDROP DATABASE postgres;")
                .contains("ALTER EXTENSION \"x\nDROP DATABASE postgres;\" UPDATE TO '2';");
    }

    @Test
    void citusComesFirstAndItsUpgradeIsFinishedBeforeTheOtherExtensions() {
        String script = SqlScript.render(report(db("app",
                new PlanEntry("app", "hstore", "1.4", "1.8", Action.UPDATE, "default"),
                new PlanEntry("app", "citus", "13.0-1", "13.1-1", Action.UPDATE, "default"))));

        int citus = script.indexOf("ALTER EXTENSION \"citus\"");
        int finish = script.indexOf("CALL pg_catalog.citus_finish_citus_upgrade();");
        int hstore = script.indexOf("ALTER EXTENSION \"hstore\"");
        assertThat(citus).isPositive().isLessThan(finish);
        assertThat(finish).isLessThan(hstore);
        assertThat(script).contains("AS extguard_citus_finish \\gset\n\\if :extguard_citus_finish\n");
    }

    @Test
    void nothingToDoIsAScriptWithoutStatements() {
        String script = SqlScript.render(report(db("app",
                new PlanEntry("app", "hstore", "1.8", "1.8", Action.NONE, "at the library's default version"))));
        assertThat(script).doesNotContain("\\connect").doesNotContain("BEGIN").endsWith("-- End of the extguard plan.\n");
    }
}
