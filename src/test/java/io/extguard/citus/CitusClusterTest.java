package io.extguard.citus;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.cli.CliLauncher;
import io.extguard.testsupport.CitusCluster;
import io.extguard.testsupport.CitusVersion;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.ServerTest;
import io.quarkus.test.junit.main.LaunchResult;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A coordinator and two workers, each a private server running the Citus stand-in
 * (src/test/c/citus_stand_in), through an image upgrade from 12.1 to 13.0. The workers' names
 * in pg_dist_node end in .invalid and never resolve: extguard reaches them only through the
 * node-address mapping.
 */
@ExtendWith(CliLauncher.Resolver.class)
@ServerTest
class CitusClusterTest {
    private static final List<String> TENANTS = List.of("tenant_a", "tenant_b");
    private CitusCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private void clusterWithTenants() throws SQLException {
        cluster = CitusCluster.start(2, CitusVersion.V12_1);
        for (String tenant : TENANTS) {
            cluster.createTenant(tenant);
            cluster.coordinator().execute(tenant, "CREATE EXTENSION hstore VERSION '1.4'");
        }
    }

    private LaunchResult run(CliLauncher launcher, String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--url", "postgresql://postgres@" + cluster.coordinator().host()
                + ":" + cluster.coordinator().port() + "/postgres", "--databases", "tenant_*", "--citus-node-address"));
        List<String> mappings = new ArrayList<>();
        cluster.nodeAddresses().forEach((name, address) -> mappings.add(name + "=" + address));
        args.add(String.join(",", mappings));
        args.addAll(List.of(more));
        return launcher.launch(args.toArray(String[]::new));
    }

    @Test
    void everyNodeDriftedIsUpdatedWorkersFirstAndFinishedOnceOnTheCoordinator(CliLauncher launcher) throws Exception {
        clusterWithTenants();
        cluster.upgradeImage(CitusVersion.V13_0);

        LaunchResult check = run(launcher, "check");
        assertThat(check.exitCode()).as(logs(check)).isEqualTo(3);
        assertThat(check.getOutput())
                .containsPattern("tenant_a@worker-1\\.invalid:" + cluster.worker(1).port() + " +citus +12\\.1-1 +13\\.0-1 +update")
                .containsPattern("tenant_b@worker-2\\.invalid:" + cluster.worker(2).port() + " +citus +12\\.1-1 +13\\.0-1 +update")
                .containsPattern("tenant_a +citus +12\\.1-1 +13\\.0-1 +update");

        LaunchResult preflight = run(launcher, "preflight");
        assertThat(preflight.exitCode()).as(logs(preflight)).isZero();
        String log = logs(preflight);
        assertThat(log)
                .contains("[tenant_a@worker-1.invalid:" + cluster.worker(1).port() + "] Updated extension citus from 12.1-1 to 13.0-1")
                .contains("[tenant_a] Finished the Citus upgrade: CALL citus_finish_citus_upgrade()")
                .contains("[tenant_a] Updated extension hstore from 1.4 to 1.8");
        assertThat(log.indexOf("[tenant_a@worker-2.invalid")).isLessThan(log.indexOf("[tenant_a] Updated extension citus"));

        for (String tenant : TENANTS) {
            for (PgServer node : cluster.nodes()) {
                assertThat(version(node, tenant, "citus")).as(tenant + " on " + node).isEqualTo("13.0-1");
            }
            assertThat(finishCalls(tenant)).isEqualTo(1);
            assertThat(version(cluster.coordinator(), tenant, "hstore")).isEqualTo("1.8");
            assertThat(cluster.coordinator().queryString(tenant, "SELECT pg_catalog.citus_version()")).contains("13.0");
        }

        LaunchResult again = run(launcher, "preflight");
        assertThat(again.exitCode()).isZero();
        assertThat(finishCalls("tenant_a")).as("an up-to-date cluster is not finished again").isEqualTo(1);
        assertThat(run(launcher, "check").exitCode()).isZero();
    }

    @Test
    void onlyOneWorkerDriftedIsUpdatedThereAndTheUpgradeFinishedOnce(CliLauncher launcher) throws Exception {
        clusterWithTenants();
        // worker 2 got the new image and was updated by hand; worker 1 got the image only.
        cluster.upgradeNode(0, CitusVersion.V13_0);
        cluster.upgradeNode(2, CitusVersion.V13_0);
        cluster.upgradeNode(1, CitusVersion.V13_0);
        for (String tenant : TENANTS) {
            cluster.coordinator().execute(tenant, "ALTER EXTENSION citus UPDATE");
            cluster.worker(2).execute(tenant, "ALTER EXTENSION citus UPDATE");
        }

        LaunchResult preflight = run(launcher, "preflight");

        assertThat(preflight.exitCode()).as(logs(preflight)).isZero();
        assertThat(logs(preflight))
                .contains("[tenant_a@worker-1.invalid:" + cluster.worker(1).port() + "] Updated extension citus from 12.1-1 to 13.0-1")
                .doesNotContain("[tenant_a@worker-2.invalid:" + cluster.worker(2).port() + "] Updated");
        for (String tenant : TENANTS) {
            assertThat(version(cluster.worker(1), tenant, "citus")).isEqualTo("13.0-1");
            assertThat(finishCalls(tenant)).isEqualTo(1);
        }
    }

    @Test
    void aWorkerThatIsDownIsNamedAndTheCoordinatorIsLeftUnfinishedUntilARerun(CliLauncher launcher) throws Exception {
        clusterWithTenants();
        cluster.upgradeImage(CitusVersion.V13_0);
        cluster.stopWorker(2);

        LaunchResult failed = run(launcher, "preflight", "--retries", "0");
        assertThat(failed.exitCode()).isEqualTo(1);
        String worker2 = "worker-2.invalid:" + cluster.worker(2).port();
        assertThat(logs(failed))
                .contains("[tenant_a@" + worker2 + "] Failed")
                .contains("citus could not be updated on " + worker2 + ", so the coordinator is left unfinished");
        assertThat(version(cluster.coordinator(), "tenant_a", "citus")).isEqualTo("12.1-1");
        assertThat(finishCalls("tenant_a")).isZero();

        cluster.startWorker(2);
        LaunchResult rerun = run(launcher, "preflight");
        assertThat(rerun.exitCode()).as(logs(rerun)).isZero();
        for (PgServer node : cluster.nodes()) {
            assertThat(version(node, "tenant_a", "citus")).isEqualTo("13.0-1");
        }
        assertThat(finishCalls("tenant_a")).isEqualTo(1);
    }

    @Test
    void withoutAMappingAnUnresolvableWorkerNameIsReportedWithTheFix(CliLauncher launcher) throws Exception {
        clusterWithTenants();
        cluster.upgradeImage(CitusVersion.V13_0);

        LaunchResult result = launcher.launch("check", "--url", "postgresql://postgres@" + cluster.coordinator().host()
                + ":" + cluster.coordinator().port() + "/postgres", "--databases", "tenant_a", "--retries", "0");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(logs(result)).contains("cannot reach Citus node worker-1.invalid:" + cluster.worker(1).port())
                .contains("extguard.citus.node-address.worker-1.invalid=host:port");
    }

    @Test
    void theSidecarNamesTheNodeOfWorkerDrift() throws Exception {
        clusterWithTenants();
        cluster.upgradeNode(2, CitusVersion.V13_0);
        var connection = new io.extguard.connect.ConnectionSettingsResolver(Map.of()).resolve("postgresql://postgres@"
                + cluster.coordinator().host() + ":" + cluster.coordinator().port() + "/postgres", null);
        var settings = io.extguard.config.RunSettings.builder(io.extguard.model.Mode.CHECK).serverWait(java.time.Duration.ZERO)
                .databases(new io.extguard.discovery.NameFilter(List.of("tenant_a"), List.of())).concurrency(2)
                .statementTimeout(java.time.Duration.ofMinutes(1)).retries(0)
                .probes(new io.extguard.apply.ActiveProbes(io.extguard.recipe.Recipes.standard().probes())).build();
        var watcher = new io.extguard.sidecar.DriftWatcher(connection, settings,
                new io.extguard.sidecar.SidecarSettings(null, java.time.Duration.ofMinutes(10), false, true),
                new CitusSettings(true, cluster.nodeAddresses(), Map.of()), java.time.Clock.systemUTC(),
                io.extguard.sidecar.SidecarEvents.NONE);

        watcher.checkNow();

        var status = watcher.status();
        // Worker 2's library is 13.0 but its catalog says 12.1-1: Citus refuses work there.
        assertThat(status.state()).isEqualTo(io.extguard.sidecar.HealthState.Unhealthy);
        String worker2 = "tenant_a@worker-2.invalid:" + cluster.worker(2).port();
        assertThat(status.message()).contains(worker2 + " citus: loaded Citus library version differs");
        assertThat(status.drift()).filteredOn(d -> d.extension().equals("citus")).singleElement().satisfies(d -> {
            assertThat(d.node()).isEqualTo("worker-2.invalid:" + cluster.worker(2).port());
            assertThat(d.installed()).isEqualTo("12.1-1");
            assertThat(d.expected()).isEqualTo("13.0-1");
        });
    }

    @Test
    void minorCitusDriftIsStillDriftAndSaysSo() {
        io.extguard.plan.Planner planner = new io.extguard.plan.Planner(io.extguard.plan.Selection.everything(),
                new OneExtension("citus", "14.1-1", "14.0-1")).withNotes(io.extguard.recipe.Recipes.standard());
        var entry = planner.plan("tenant_a", Map.of("citus", "14.0-1")).get(0);
        assertThat(entry.isDrift()).isTrue();
        assertThat(entry.reason()).contains("minor drift");
    }

    private int finishCalls(String tenant) throws SQLException {
        return Integer.parseInt(cluster.coordinator().queryString(tenant,
                "SELECT count(*) FROM pg_catalog.citus_stand_in_finish_calls"));
    }

    private static String version(PgServer node, String db, String extension) throws SQLException {
        return node.queryString(db, "SELECT extversion FROM pg_extension WHERE extname = '" + extension + "'");
    }

    private static String logs(LaunchResult result) {
        return result.getOutput() + "\n" + result.getErrorOutput();
    }

    /** A library with one extension and a direct update path from {@code from} to {@code to}. */
    private record OneExtension(String name, String to, String from) implements io.extguard.plan.ExtensionLibrary {
        @Override
        public java.util.Optional<String> defaultVersion(String extension) {
            return extension.equals(name) ? java.util.Optional.of(to) : java.util.Optional.empty();
        }

        @Override
        public java.util.Set<String> knownVersions(String extension) {
            return java.util.Set.of(from, to);
        }

        @Override
        public boolean hasUpdatePath(String extension, String a, String b) {
            return a.equals(from) && b.equals(to);
        }

        @Override
        public List<String> requires(String extension, String version) {
            return List.of();
        }
    }
}
