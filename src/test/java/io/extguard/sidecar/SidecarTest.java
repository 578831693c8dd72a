package io.extguard.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.apply.ActiveProbes;
import io.extguard.connect.ConnectionSettings;
import io.extguard.connect.ConnectionSettingsResolver;
import io.extguard.connect.Sleeper;
import io.extguard.run.FleetRun;
import io.extguard.model.Mode;
import io.extguard.run.RunListener;
import io.extguard.config.RunSettings;
import io.extguard.testsupport.FixtureVersion;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.ServerTest;
import io.extguard.testsupport.Http;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sidecar as Kubernetes and Prometheus see it: HTTP calls against the running application, real servers behind it. */
@QuarkusTest
@ServerTest
class SidecarTest {
    private static final Map<String, String> FIXTURE_PROBE = Map.of("extguard_fixture", "SELECT extguard_fixture_version()");

    @Inject
    SidecarRuntime runtime;

    @TestHTTPResource("/")
    URL root;

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        runtime.stop();
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
    }

    @Test
    void healthFollowsAnImageUpgradeFromHealthyToUnhealthyAndBackAfterPreflight() throws Exception {
        PgServer server = fixtureServer("sidecar-upgrade", 4);
        start(server, false);

        runtime.checkNow();
        Http.Response healthy = Http.get(root, "/q/health/ready");
        assertThat(healthy.status()).as(healthy.body()).isEqualTo(200);
        assertThat(healthy.body()).contains("\"state\": \"Healthy\"")
                .contains("All extensions up to date: extguard_fixture 1.0, plpgsql 1.0 (6 databases)");
        assertThat(Http.get(root, "/q/health/group/extensions").status()).isEqualTo(200);
        assertThat(Http.get(root, "/q/health/started").status()).isEqualTo(200);

        server.install().installFixture(FixtureVersion.V2_0);
        server.restart();
        runtime.checkNow();
        Http.Response mismatch = Http.get(root, "/q/health/ready");
        assertThat(mismatch.status()).isEqualTo(503);
        assertThat(mismatch.body()).contains("\"state\": \"Unhealthy\"")
                .contains("loaded extguard_fixture library version differs from installed extension version");
        String metrics = Http.get(root, "/q/metrics").body();
        assertThat(metrics).contains("extguard_drifted_pairs 4.0")
                .containsPattern("extguard_extension_drift\\{database=\"tenant_01\",expected=\"2.0\",extension=\"extguard_fixture\",installed=\"1.0\"[^}]*} 1.0")
                .contains("extguard_health_state{state=\"Unhealthy\"} 1.0");

        preflight(server);
        runtime.checkNow();
        Http.Response fixed = Http.get(root, "/q/health/ready");
        assertThat(fixed.status()).as(fixed.body()).isEqualTo(200);
        assertThat(fixed.body()).contains("extguard_fixture 2.0");
        String after = Http.get(root, "/q/metrics").body();
        assertThat(after).contains("extguard_drifted_pairs 0.0").doesNotContain("extguard_extension_drift{");
    }

    @Test
    void driftWithoutAnErrorIsDegradedAndListsEachMismatch() throws Exception {
        PgServer server = contribServer("sidecar-degraded", List.of("tansu_tenant_acme_dev", "tansu_tenant_beta"));
        start(server, false);
        runtime.checkNow();

        Http.Response degraded = Http.get(root, "/q/health/group/extensions");
        assertThat(degraded.status()).isEqualTo(503);
        assertThat(degraded.body()).contains("\"state\": \"Degraded\"")
                .contains("tansu_tenant_acme_dev (hstore 1.4 expected 1.8)")
                .contains("tansu_tenant_beta (hstore 1.4 expected 1.8)");
    }

    @Test
    void degradedCanBeConfiguredToKeepThePodReady() throws Exception {
        PgServer server = contribServer("sidecar-degraded-up", List.of("tenant_a"));
        runtime.start(connection(server), settings(Map.of()), new SidecarSettings(null, Duration.ofMinutes(10), false, false));
        runtime.checkNow();

        Http.Response response = Http.get(root, "/q/health/ready");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("\"state\": \"Degraded\"");
    }

    @Test
    void anUnreachableServerIsUnhealthyButTheProcessStaysLive() throws Exception {
        PgServer server = contribServer("sidecar-outage", List.of());
        start(server, false);
        runtime.checkNow();
        assertThat(Http.get(root, "/q/health/ready").status()).isEqualTo(200);

        server.stop();
        runtime.checkNow();
        Http.Response down = Http.get(root, "/q/health/ready");
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.body()).contains("\"state\": \"Unhealthy\"").contains("Server unreachable");
        assertThat(Http.get(root, "/q/health/live").status()).isEqualTo(200);
        assertThat(Http.get(root, "/q/metrics").body()).contains("extguard_last_check_success 0.0");

        server.start();
        runtime.checkNow();
        assertThat(Http.get(root, "/q/health/ready").status()).isEqualTo(200);
        assertThat(Http.get(root, "/q/metrics").body()).contains("extguard_last_check_success 1.0");
    }

    @Test
    void remediationFixesDriftAndCountsEachUpdate() throws Exception {
        PgServer server = contribServer("sidecar-remediate", List.of("tenant_r1", "tenant_r2"));
        double before = counter(Http.get(root, "/q/metrics").body(), "extguard_updates_total\\{extension=\"hstore\",result=\"updated\"}");
        start(server, true);
        runtime.checkNow();

        Http.Response response = Http.get(root, "/q/health/ready");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(server.queryString("tenant_r1", "SELECT extversion FROM pg_extension WHERE extname = 'hstore'")).isEqualTo("1.8");
        String metrics = Http.get(root, "/q/metrics").body();
        assertThat(counter(metrics, "extguard_updates_total\\{extension=\"hstore\",result=\"updated\"}")).isEqualTo(before + 2);
        assertThat(metrics).containsPattern("extguard_remediations_total [1-9]");
    }

    @Test
    void steadyStateCostsOneConnectionPerCheckAndProbesCostNone() throws Exception {
        PgServer server = PgServer.builder(PgInstall.shared()).name("sidecar-o1").logConnections(true).start();
        cleanup.add(server);
        List<String> tenants = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            tenants.add("tenant_" + i);
        }
        for (String tenant : tenants) {
            server.createDatabase(tenant);
        }
        start(server, false);
        runtime.checkNow();
        assertThat(runtime.status().state()).isEqualTo(HealthState.Healthy);

        int afterSweep = extguardConnections(server);
        for (int i = 0; i < 5; i++) {
            runtime.checkNow();
        }
        int afterChecks = extguardConnections(server);
        assertThat(afterChecks - afterSweep).as("connections for 5 steady-state checks over 22 databases").isEqualTo(5);

        for (int i = 0; i < 20; i++) {
            assertThat(Http.get(root, "/q/health/ready").status()).isEqualTo(200);
            Http.get(root, "/q/metrics");
        }
        assertThat(extguardConnections(server)).as("connections opened by health and metrics requests").isEqualTo(afterChecks);
    }

    @Test
    void theDriftGaugeHasSeriesOnlyForDriftedPairsAndTheOutputPassesPromtool() throws Exception {
        PgServer server = PgServer.start(PgInstall.shared());
        cleanup.add(server);
        server.execute("template1", "CREATE EXTENSION hstore");
        for (int i = 1; i <= 40; i++) {
            server.createDatabase(String.format("tenant_%03d", i));
        }
        for (String drifted : List.of("tenant_007", "tenant_020", "tenant_033")) {
            server.execute(drifted, "DROP EXTENSION hstore", "CREATE EXTENSION hstore VERSION '1.4'");
        }
        start(server, false);
        runtime.checkNow();

        String metrics = Http.get(root, "/q/metrics").body();
        List<String> series = metrics.lines().filter(l -> l.startsWith("extguard_extension_drift{")).toList();
        assertThat(series).hasSize(3).allMatch(l -> l.contains("extension=\"hstore\"") && l.contains("installed=\"1.4\""));
        assertThat(metrics).contains("extguard_databases_checked 42.0");

        java.nio.file.Path file = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target/prometheus")).resolve("scrape.txt");
        java.nio.file.Files.writeString(file, metrics);
        var check = io.extguard.alerts.PromtoolRunner.run(file.getParent(), "sh", "-c", "promtool check metrics < scrape.txt");
        assertThat(check.output()).doesNotContain("error while linting").doesNotContain("parsing error");
        // Prometheus Java client 1.x writes "# HELP c" and then samples "c_total", as OpenMetrics
        // names counters; promtool 2.42's linter then reports "c_total no help text". That, for
        // counters that do have help text, is the only finding allowed.
        for (String problem : check.output().lines().filter(l -> !l.isBlank()).toList()) {
            assertThat(problem).matches("[a-z_]+_total no help text");
            String family = problem.substring(0, problem.indexOf("_total "));
            assertThat(metrics).contains("# HELP " + family + " ").contains("# TYPE " + family + " counter");
        }
    }

    private static double counter(String metrics, String seriesPattern) {
        Matcher m = Pattern.compile("(?m)^" + seriesPattern + " ([0-9.E]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** Connections the server authorised, from its connection log; only extguard connects meanwhile. */
    private static int extguardConnections(PgServer server) {
        return (int) server.log().lines().filter(l -> l.contains("connection authorized")).count();
    }

    private PgServer fixtureServer(String name, int tenants) throws SQLException {
        PgInstall install = PgInstall.create(name);
        cleanup.add(install);
        install.installFixture(FixtureVersion.V1_0);
        PgServer server = PgServer.start(install);
        cleanup.add(server);
        for (int i = 1; i <= tenants; i++) {
            String tenant = String.format("tenant_%02d", i);
            server.createDatabase(tenant);
            server.execute(tenant, "CREATE EXTENSION extguard_fixture");
        }
        return server;
    }

    private PgServer contribServer(String name, List<String> driftedTenants) throws SQLException {
        PgServer server = PgServer.builder(PgInstall.shared()).name(name).start();
        cleanup.add(server);
        for (String tenant : driftedTenants) {
            server.createDatabase(tenant);
            server.execute(tenant, "CREATE EXTENSION hstore VERSION '1.4'");
        }
        return server;
    }

    private void start(PgServer server, boolean remediate) {
        runtime.start(connection(server), settings(FIXTURE_PROBE), new SidecarSettings(null, Duration.ofMinutes(10), remediate, true));
    }

    private static ConnectionSettings connection(PgServer server) {
        return new ConnectionSettingsResolver(Map.of()).resolve(
                "postgresql://postgres@" + server.host() + ":" + server.port() + "/postgres", null);
    }

    private static RunSettings settings(Map<String, String> probes) {
        return RunSettings.builder(Mode.CHECK).serverWait(Duration.ZERO).statementTimeout(Duration.ofMinutes(1)).retries(1)
                .probes(new ActiveProbes(probes)).build();
    }

    private static void preflight(PgServer server) {
        new FleetRun(connection(server), settings(Map.of()).withMode(Mode.PREFLIGHT), Sleeper.REAL, RunListener.NONE).run();
    }
}
