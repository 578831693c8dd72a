package io.extguard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import io.extguard.connect.ConnectionSettingsResolver;
import io.extguard.connect.Sleeper;
import io.extguard.run.FleetRun;
import io.extguard.model.Mode;
import io.extguard.run.RunListener;
import io.extguard.model.RunReport;
import io.extguard.testsupport.ServerTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The real thing, where a Docker engine is reachable: tenant databases created under Citus 12.1,
 * the same data volume restarted under Citus 13.0, and extguard repairing the mismatch. Both
 * images are the PostgreSQL 16 builds, because a data directory cannot change major version.
 */
@ServerTest
class CitusImageUpgradeTest {
    private static final DockerImageName OLD = DockerImageName.parse(System.getProperty("extguard.citus.old-image", "citusdata/citus:12.1-pg16"));
    private static final DockerImageName NEW = DockerImageName.parse(System.getProperty("extguard.citus.new-image", "citusdata/citus:13.0-pg16"));
    private static final String PASSWORD = "citus-test";
    private static final List<String> TENANTS = List.of("tenant_a", "tenant_b", "tenant_c");

    // In @BeforeEach, not @BeforeAll: an assumption failing there counts the test as skipped, with
    // its reason, where one in @BeforeAll reports the class as "Tests run: 0".
    @BeforeEach
    void requireDocker() {
        assumeTrue(dockerAvailable(), "No Docker engine is reachable, so the real citusdata/citus image upgrade "
                + "(12.1 to 13.0) cannot run here; the C fixture tests cover the same behaviour without Docker.");
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Test
    void preflightRepairsTenantDatabasesAfterTheCitusImageIsUpgraded() throws Exception {
        String volume = "extguard-citus-" + UUID.randomUUID();
        // A fresh volume starts a temporary server for initialisation first, so readiness is logged twice.
        try (GenericContainer<?> old = citus(OLD, volume, 2)) {
            old.start();
            for (String tenant : TENANTS) {
                execute(old, "postgres", "CREATE DATABASE " + tenant);
                execute(old, tenant, "CREATE EXTENSION citus", "CREATE TABLE events (id bigint, tenant text)",
                        "SELECT create_distributed_table('events', 'id')");
            }
        }
        try (GenericContainer<?> upgraded = citus(NEW, volume, 1)) {
            upgraded.start();
            assertThatThrownBy(() -> execute(upgraded, "tenant_a", "SELECT count(*) FROM events"))
                    .hasMessageContaining("loaded Citus library version differs from installed extension version");

            RunReport report = new FleetRun(new ConnectionSettingsResolver(Map.of()).resolve(url(upgraded, "postgres"), null),
                    Runs.settings(Mode.PREFLIGHT, List.of("tenant_*"), Duration.ofSeconds(60)), Sleeper.REAL,
                    RunListener.NONE).run();

            assertThat(report.exitCode()).isZero();
            assertThat(report.summary().updated()).isEqualTo(TENANTS.size());
            for (String tenant : TENANTS) {
                execute(upgraded, tenant, "SELECT count(*) FROM events");
            }
        }
    }

    private static GenericContainer<?> citus(DockerImageName image, String volume, int readyMessages) {
        return new GenericContainer<>(image)
                .withEnv("POSTGRES_PASSWORD", PASSWORD)
                .withExposedPorts(5432)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                        .withBinds(new Bind(volume, new Volume("/var/lib/postgresql/data"))))
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", readyMessages))
                .withStartupTimeout(Duration.ofMinutes(3));
    }

    private static String url(GenericContainer<?> c, String database) {
        return "postgresql://postgres:" + PASSWORD + "@" + c.getHost() + ":" + c.getMappedPort(5432) + "/" + database;
    }

    private static void execute(GenericContainer<?> c, String database, String... statements) throws SQLException {
        String jdbc = "jdbc:postgresql://" + c.getHost() + ":" + c.getMappedPort(5432) + "/" + database;
        try (Connection conn = DriverManager.getConnection(jdbc, "postgres", PASSWORD); Statement st = conn.createStatement()) {
            for (String sql : statements) {
                if (st.execute(sql)) {
                    try (ResultSet ignored = st.getResultSet()) {
                        // Only whether the statement succeeds matters here.
                    }
                }
            }
        }
    }
}
