package io.extguard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extguard.apply.ActiveProbes;
import io.extguard.model.DatabaseReport;
import io.extguard.model.DatabaseStatus;
import io.extguard.apply.DatabaseVisitor;
import io.extguard.apply.RetryPolicy;
import io.extguard.apply.VisitorFactory;
import io.extguard.model.UpdateOutcome;
import io.extguard.catalog.CatalogSession;
import io.extguard.catalog.ServerLibrary;
import io.extguard.connect.Connector;
import io.extguard.connect.Sleeper;
import io.extguard.plan.Planner;
import io.extguard.plan.Selection;
import io.extguard.recipe.Recipes;
import io.extguard.run.FleetRun;
import io.extguard.model.Mode;
import io.extguard.run.RunListener;
import io.extguard.model.RunReport;
import io.extguard.config.RunSettings;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.ServerTest;
import io.extguard.testsupport.Connections;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine against a real server, driven as plain Java. */
@ServerTest
class EngineTest {
    /** One server for the class: each test has databases of its own names, or a server of its own. */
    private static PgServer server;

    @BeforeAll
    static void start() {
        server = PgServer.start(PgInstall.shared());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aPreflightWaitsBehindAnotherExtguardLongerThanTheLockTimeout() throws Exception {
        Tenants.create(server, List.of("busy"), "CREATE EXTENSION citext VERSION '1.4'");
        // Another extguard's update transaction, as DatabaseUpdate takes it, held until this run has
        // queued behind it for longer than its lock_timeout (1 s).
        java.sql.Connection other = server.connect("busy");
        other.setAutoCommit(false);
        other.createStatement().execute("SELECT pg_catalog.pg_advisory_xact_lock(1702392935, 1)");
        CompletableFuture.runAsync(() -> {
            try (other) {
                await("preflight queued on the advisory lock for over its lock_timeout").atMost(Duration.ofSeconds(60))
                        .until(() -> waitingOnTheAdvisoryLockLongerThan("busy", "1.5 s"));
                other.rollback();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        RunSettings noRetries = RunSettings.builder(Mode.PREFLIGHT).serverWait(Duration.ofSeconds(10))
                .databases(new io.extguard.discovery.NameFilter(List.of("busy"), List.of())).concurrency(1)
                .lockTimeout(Duration.ofSeconds(1)).statementTimeout(Duration.ofMinutes(1)).retries(0).build();

        RunReport report = new FleetRun(Connections.settings(server), noRetries, Sleeper.REAL, RunListener.NONE).run();

        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(report.databases().get(0).attempts()).isEqualTo(1);
        assertThat(server.queryString("busy", "SELECT extversion FROM pg_extension WHERE extname = 'citext'")).isEqualTo("1.6");
    }

    private boolean waitingOnTheAdvisoryLockLongerThan(String database, String interval) throws java.sql.SQLException {
        return server.queryString(PgServer.ADMIN_DATABASE, "SELECT count(*) FROM pg_catalog.pg_stat_activity"
                + " WHERE datname = '" + database + "' AND application_name = 'extguard' AND wait_event = 'advisory'"
                + " AND now() - state_change > interval '" + interval + "'").equals("1");
    }

    @Test
    void databaseGlobsTreatUnderscoreLiterallyAndTemplateOneIsACandidate() throws Exception {
        Tenants.create(server, List.of("tansu_tenant_a", "tansuXtenant_b"), "CREATE EXTENSION citext VERSION '1.4'");

        RunReport narrowed = Runs.run(server, Mode.CHECK, List.of("tansu_tenant_*"));
        assertThat(narrowed.databases()).extracting(DatabaseReport::database).containsExactly("tansu_tenant_a");
        assertThat(narrowed.exitCode()).isEqualTo(3);

        RunReport all = Runs.run(server, Mode.CHECK, List.of());
        assertThat(all.databases()).extracting(DatabaseReport::database)
                .contains("postgres", "template1", "tansuXtenant_b")
                .doesNotContain("template0");
    }

    @Test
    void requirementsAreUpdatedBeforeTheExtensionsThatNeedThem() throws Exception {
        // a_dependent sorts first by name, but its 2.0 script calls a function only zz_base 2.0 has.
        try (PgInstall install = PgInstall.create("requires"); PgServer own = PgServer.start(install)) {
            install.putExtensionFile("zz_base.control", "default_version = '1.0'\nrelocatable = true\n");
            install.putExtensionFile("zz_base--1.0.sql", "CREATE FUNCTION zz_base_v1() RETURNS text LANGUAGE sql AS $$SELECT '1'::text$$;");
            install.putExtensionFile("a_dependent.control", "default_version = '1.0'\nrelocatable = true\nrequires = 'zz_base'\n");
            install.putExtensionFile("a_dependent--1.0.sql", "CREATE FUNCTION a_dependent_v1() RETURNS text LANGUAGE sql AS $$SELECT zz_base_v1()$$;");
            Tenants.create(own, List.of("deps"), "CREATE EXTENSION zz_base", "CREATE EXTENSION a_dependent");

            install.putExtensionFile("zz_base.control", "default_version = '2.0'\nrelocatable = true\n");
            install.putExtensionFile("zz_base--1.0--2.0.sql", "CREATE FUNCTION zz_base_v2() RETURNS text LANGUAGE sql AS $$SELECT '2'::text$$;");
            install.putExtensionFile("a_dependent.control", "default_version = '2.0'\nrelocatable = true\nrequires = 'zz_base'\n");
            install.putExtensionFile("a_dependent--1.0--2.0.sql", "CREATE FUNCTION a_dependent_v2() RETURNS text LANGUAGE sql AS $$SELECT zz_base_v2()$$;");

            RunReport report = Runs.run(own, Mode.PREFLIGHT, List.of("deps"));

            assertThat(report.exitCode()).as(report.toString()).isZero();
            assertThat(report.databases().get(0).outcomes()).extracting(UpdateOutcome::extension)
                    .containsExactly("zz_base", "a_dependent");
            assertThat(own.queryString("deps", "SELECT a_dependent_v2()")).isEqualTo("2");
        }
    }

    @Test
    void aDatabaseDroppedAfterDiscoveryIsSkippedNotFailed() throws Exception {
        Connector connector = new Connector(Connections.settings(server), Duration.ofSeconds(5), Duration.ofMinutes(1));
        try (CatalogSession session = new CatalogSession(connector, connector.openMaintenance())) {
            Planner planner = new Planner(Selection.everything(), ServerLibrary.load(session));
            DatabaseVisitor visitor = new VisitorFactory(RetryPolicy.of(3), Sleeper.REAL, java.time.Clock.systemUTC(), ActiveProbes.none(),
                    Recipes.standard()).visitor(connector, planner, null);

            DatabaseReport report = visitor.update("dropped_meanwhile");

            assertThat(report.status()).isEqualTo(DatabaseStatus.SKIPPED);
            assertThat(report.error()).contains("dropped after discovery");
            assertThat(report.attempts()).isEqualTo(1);
        }
    }
}
