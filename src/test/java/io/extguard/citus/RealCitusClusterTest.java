package io.extguard.citus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.extguard.connect.ConnectionSettingsResolver;
import io.extguard.connect.Sleeper;
import io.extguard.discovery.NameFilter;
import io.extguard.run.FleetRun;
import io.extguard.model.Mode;
import io.extguard.run.RunListener;
import io.extguard.model.RunReport;
import io.extguard.config.RunSettings;
import io.extguard.testsupport.ServerTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Real Citus, where a Docker engine is reachable: a coordinator and a worker from citusdata/citus
 * (PostgreSQL 16 builds, so the data directories survive the image change) go from 12.1 to 13.0,
 * and extguard updates citus on the worker, then the coordinator. The worker is registered under
 * its network alias, which does not resolve from the test JVM; the mapping reaches it.
 */
@ServerTest
class RealCitusClusterTest {
    private static final String OLD = System.getProperty("extguard.citus.old-image", "citusdata/citus:12.1-pg16");
    private static final String NEW = System.getProperty("extguard.citus.new-image", "citusdata/citus:13.0-pg16");
    private static final String PASSWORD = "citus-test";

    @Test
    void preflightUpdatesTheWorkerThenTheCoordinator() throws Exception {
        assumeTrue(dockerAvailable(), "No Docker engine is reachable, so the real citusdata/citus coordinator and "
                + "worker cannot run here; CitusClusterTest covers the same steps with the stand-in extension.");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        try (Network network = Network.newNetwork()) {
            String coordinatorVolume = "extguard-coord-" + suffix;
            String workerVolume = "extguard-worker-" + suffix;
            try (GenericContainer<?> coordinator = node(OLD, network, "coordinator", coordinatorVolume, 2);
                 GenericContainer<?> worker = node(OLD, network, "worker", workerVolume, 2)) {
                coordinator.start();
                worker.start();
                execute(worker, "CREATE DATABASE tenant_a");
                execute(coordinator, "CREATE DATABASE tenant_a");
                executeIn(worker, "tenant_a", "CREATE EXTENSION citus");
                executeIn(coordinator, "tenant_a", "CREATE EXTENSION citus",
                        "SELECT citus_set_coordinator_host('coordinator', 5432)",
                        "SELECT citus_add_node('worker', 5432)");
            }
            try (GenericContainer<?> coordinator = node(NEW, network, "coordinator", coordinatorVolume, 1);
                 GenericContainer<?> worker = node(NEW, network, "worker", workerVolume, 1)) {
                coordinator.start();
                worker.start();
                String url = "postgresql://postgres:" + PASSWORD + "@" + coordinator.getHost() + ":"
                        + coordinator.getMappedPort(5432) + "/postgres";
                RunSettings settings = RunSettings.builder(Mode.PREFLIGHT).serverWait(Duration.ofMinutes(1))
                        .databases(new NameFilter(List.of("tenant_*"), List.of())).concurrency(2).build();
                CitusSettings citus = new CitusSettings(true,
                        Map.of("worker", worker.getHost() + ":" + worker.getMappedPort(5432)), Map.of());

                RunReport report = new FleetRun(new ConnectionSettingsResolver(Map.of()).resolve(url, null), settings,
                        citus, Sleeper.REAL, RunListener.NONE).run();

                assertThat(report.exitCode()).as(report.toString()).isZero();
                assertThat(report.databases()).anySatisfy(r -> assertThat(r.node()).startsWith("worker:"));
                executeIn(coordinator, "tenant_a", "SELECT * FROM citus_get_active_worker_nodes()");
            }
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static GenericContainer<?> node(String image, Network network, String alias, String volume, int readyLogs) {
        return new GenericContainer<>(image)
                .withNetwork(network)
                .withNetworkAliases(alias)
                .withEnv("POSTGRES_PASSWORD", PASSWORD)
                .withExposedPorts(5432)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withBinds(
                        new com.github.dockerjava.api.model.Bind(volume,
                                new com.github.dockerjava.api.model.Volume("/var/lib/postgresql/data"))))
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", readyLogs))
                .withStartupTimeout(Duration.ofMinutes(3));
    }

    private static void execute(GenericContainer<?> c, String sql) throws SQLException {
        executeIn(c, "postgres", sql);
    }

    private static void executeIn(GenericContainer<?> c, String database, String... statements) throws SQLException {
        String jdbc = "jdbc:postgresql://" + c.getHost() + ":" + c.getMappedPort(5432) + "/" + database;
        try (Connection conn = DriverManager.getConnection(jdbc, "postgres", PASSWORD); Statement st = conn.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }
}
