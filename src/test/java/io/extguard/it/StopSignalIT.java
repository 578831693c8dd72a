package io.extguard.it;

import io.extguard.testsupport.ServerTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.Connections;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM in the middle of preflight, as Kubernetes sends it before it kills a pod: the database in
 * progress finishes its transaction, no other database is started, and the report says so. Runs
 * the packaged application as its own process, because a signal ends the JVM that receives it.
 */
@ServerTest
class StopSignalIT {
    private static final List<String> TENANTS = List.of("t_01", "t_02", "t_03", "t_04", "t_05");

    @Test
    void preflightStoppedBySigtermFinishesTheDatabaseInProgressAndReportsTheRest(@TempDir Path dir) throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("this integration test runs after package (./mvnw verify)").isRegularFile();
        try (PgServer server = PgServer.builder(PgInstall.shared()).name("sigterm").start()) {
            Tenants.create(server, TENANTS, "CREATE EXTENSION hstore VERSION '1.4'");
            try (Connection holder = server.connect("t_03"); Statement st = holder.createStatement()) {
                // Another extguard holds t_03's advisory lock, so this preflight waits there, mid-run.
                holder.setAutoCommit(false);
                st.execute("SELECT pg_advisory_xact_lock(1702392935, 1)");
                Path log = dir.resolve("stderr.log");
                Path report = dir.resolve("report.json");
                Process preflight = new ProcessBuilder(javaBinary(), "-jar", jar.toString(), "preflight",
                        "--url", Connections.url(server), "--concurrency", "1", "--databases", "t_*",
                        "--report", report.toString())
                        .redirectError(log.toFile()).redirectOutput(dir.resolve("stdout.log").toFile()).start();
                try {
                    await().atMost(Duration.ofSeconds(60)).until(() -> waitingForTheLock(server));
                    preflight.toHandle().destroy();
                    await().atMost(Duration.ofSeconds(30)).until(() -> read(log).contains("Stop requested (SIGTERM)"));
                    holder.commit();
                    assertThat(preflight.waitFor(60, TimeUnit.SECONDS)).as(read(log)).isTrue();
                } finally {
                    preflight.destroyForcibly();
                }
                assertThat(preflight.exitValue()).as(read(log)).isEqualTo(143);
                JsonNode json = new ObjectMapper().readTree(report.toFile());
                assertThat(json.path("error").path("code").asText()).isEqualTo("INTERRUPTED");
                assertThat(json.path("exitCode").asInt()).isEqualTo(1);
                for (String tenant : TENANTS) {
                    String version = server.queryString(tenant, "SELECT extversion FROM pg_extension WHERE extname = 'hstore'");
                    assertThat(version).as(tenant).isEqualTo(tenant.compareTo("t_03") <= 0 ? "1.8" : "1.4");
                }
                assertThat(json.path("summary").path("skipped").asInt()).isEqualTo(2);
                assertThat(read(log)).contains("Stopped by a signal (SIGTERM) after 3 of 5 databases");
            }
        }
    }

    private static boolean waitingForTheLock(PgServer server) throws Exception {
        return !server.queryString(PgServer.ADMIN_DATABASE,
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted").equals("0");
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
