package io.extguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.apply.ActiveProbes;
import io.extguard.apply.DatabaseReport;
import io.extguard.apply.DatabaseStatus;
import io.extguard.apply.DatabaseVisitor;
import io.extguard.apply.Result;
import io.extguard.apply.RetryPolicy;
import io.extguard.apply.UpdateOutcome;
import io.extguard.catalog.CatalogSession;
import io.extguard.catalog.ServerLibrary;
import io.extguard.connect.Connector;
import io.extguard.connect.Sleeper;
import io.extguard.plan.PlanEntry;
import io.extguard.plan.Planner;
import io.extguard.plan.Selection;
import io.extguard.run.FleetRun;
import io.extguard.config.Mode;
import io.extguard.run.RunListener;
import io.extguard.run.RunReport;
import io.extguard.config.RunSettings;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.ServerTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine against a real server, driven as plain Java. */
@ServerTest
class EngineTest {
    private PgServer server;

    @BeforeEach
    void start() {
        server = PgServer.start(PgInstall.shared());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void twoPreflightsStartedTogetherUpdateEachDatabaseExactlyOnceAndBothSucceed() throws Exception {
        List<String> tenants = Tenants.plain(30);
        Tenants.create(server, tenants, "CREATE EXTENSION hstore VERSION '1.4'", "CREATE EXTENSION pg_trgm VERSION '1.3'");

        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<RunReport>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            runs.add(pool.submit(() -> {
                go.await();
                return Runs.run(server, Mode.PREFLIGHT, List.of("tenant_*"));
            }));
        }
        go.countDown();
        List<UpdateOutcome> applied = new ArrayList<>();
        for (Future<RunReport> run : runs) {
            RunReport report = run.get();
            assertThat(report.exitCode()).isZero();
            report.databases().forEach(db -> applied.addAll(db.outcomes()));
        }
        pool.shutdown();

        assertThat(applied).allMatch(o -> o.result() == Result.UPDATED);
        assertThat(applied).hasSize(tenants.size() * 2);
        assertThat(applied.stream().map(o -> o.database() + "/" + o.extension()).distinct()).hasSize(tenants.size() * 2);
        for (String tenant : tenants) {
            assertThat(server.queryString(tenant, "SELECT string_agg(extversion, ',' ORDER BY extname) FROM pg_extension"
                    + " WHERE extname IN ('hstore', 'pg_trgm')")).isEqualTo("1.8,1.6");
        }
    }

    @Test
    void aPreflightWaitsBehindAnotherExtguardLongerThanTheLockTimeout() throws Exception {
        Tenants.create(server, List.of("busy"), "CREATE EXTENSION citext VERSION '1.4'");
        // Another extguard's update transaction, as DatabaseUpdate takes it, held for 3 s.
        java.sql.Connection other = server.connect("busy");
        other.setAutoCommit(false);
        other.createStatement().execute("SELECT pg_catalog.pg_advisory_xact_lock(1702392935, 1)");
        CompletableFuture.delayedExecutor(3, java.util.concurrent.TimeUnit.SECONDS).execute(() -> {
            try (other) {
                other.rollback();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        RunSettings noRetries = new RunSettings(Mode.PREFLIGHT, Duration.ofSeconds(10),
                new io.extguard.discovery.NameFilter(List.of("busy"), List.of()), Selection.everything(), 1,
                Duration.ofSeconds(1), Duration.ofMinutes(1), 0, io.extguard.config.OnFailure.FAIL, ActiveProbes.none());

        RunReport report = new FleetRun(Runs.connection(server), noRetries, Sleeper.REAL, RunListener.NONE).run();

        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(report.databases().get(0).attempts()).isEqualTo(1);
        assertThat(server.queryString("busy", "SELECT extversion FROM pg_extension WHERE extname = 'citext'")).isEqualTo("1.6");
    }

    @Test
    void preflightWaitsForAServerThatComesUpLate() throws Exception {
        Tenants.create(server, List.of("late"), "CREATE EXTENSION citext VERSION '1.4'");
        server.stop();
        CompletableFuture<RunReport> run = CompletableFuture.supplyAsync(() -> new FleetRun(Runs.connection(server),
                Runs.settings(Mode.PREFLIGHT, List.of("late"), Duration.ofSeconds(60)), Sleeper.REAL, RunListener.NONE).run());
        Thread.sleep(3000);
        assertThat(run).isNotDone();
        server.start();

        RunReport report = run.get();
        assertThat(report.exitCode()).isZero();
        assertThat(report.summary().updated()).isEqualTo(1);
        assertThat(server.queryString("late", "SELECT extversion FROM pg_extension WHERE extname = 'citext'")).isEqualTo("1.6");
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
        Connector connector = new Connector(Runs.connection(server), Duration.ofSeconds(5), Duration.ofMinutes(1));
        try (CatalogSession session = new CatalogSession(connector, connector.openMaintenance())) {
            Planner planner = new Planner(Selection.everything(), ServerLibrary.load(session));
            DatabaseVisitor visitor = new DatabaseVisitor(connector, planner, RetryPolicy.of(3), Sleeper.REAL, ActiveProbes.none());

            DatabaseReport report = visitor.update("dropped_meanwhile");

            assertThat(report.status()).isEqualTo(DatabaseStatus.SKIPPED);
            assertThat(report.error()).contains("dropped after discovery");
            assertThat(report.attempts()).isEqualTo(1);
        }
    }
}
