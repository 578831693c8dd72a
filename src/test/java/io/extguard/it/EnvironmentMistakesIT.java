package io.extguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.ServerTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The environment-variable forms of the operator mistakes in issue 9, on the packaged application
 * as its own process (an in-JVM test cannot set environment variables): each stops with exit 2
 * before anything changes, and a password with expressions in EXTGUARD_URL is used literally.
 */
@ServerTest
class EnvironmentMistakesIT {
    private static final String PASSWORD = "pa${x}ss$${y}";
    private static final List<String> TENANTS = List.of("t_01", "t_02");
    private static PgServer server;

    @BeforeAll
    static void driftedTenants() throws SQLException {
        server = PgServer.builder(PgInstall.shared()).name("env-mistakes").password(PASSWORD).start();
        Tenants.create(server, TENANTS, "CREATE EXTENSION hstore VERSION '1.4'");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Run(int exitCode, String stdout, String stderr) {
    }

    private static Run extguard(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-jar", Path.of("target/quarkus-app/quarkus-run.jar").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("EXTGUARD_") || name.startsWith("PG"));
        builder.environment().putAll(env);
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private static String url() {
        return "postgresql://postgres:" + PASSWORD + "@" + server.host() + ":" + server.port() + "/postgres";
    }

    private static void assertNothingChanged() throws SQLException {
        for (String tenant : TENANTS) {
            assertThat(server.queryString(tenant, "SELECT extversion FROM pg_extension WHERE extname = 'hstore'"))
                    .as(tenant).isEqualTo("1.4");
        }
    }

    @Test
    void aMisspeltVariableStopsPreflightBeforeItVisitsEveryDatabase() throws Exception {
        Run run = extguard(Map.of("EXTGUARD_URL", url(), "EXTGUARD_DATABASE", "t_01"), "preflight");
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
        assertThat(run.stderr()).contains("EXTGUARD_DATABASE", "Did you mean 'EXTGUARD_DATABASES'")
                .doesNotContain(PASSWORD).doesNotContain("\tat ");
        assertNothingChanged();
    }

    @Test
    void aPasswordWithExpressionsInTheEnvironmentIsUsedLiterally() throws Exception {
        Run run = extguard(Map.of("EXTGUARD_URL", url(), "EXTGUARD_DATABASES", "t_01", "EXTGUARD_OUTPUT", "json"),
                "check");
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(3);
        JsonNode report = new ObjectMapper().readTree(run.stdout());
        assertThat(report.path("databases")).hasSize(1);
        assertThat(report.path("databases").get(0).path("database").asText()).isEqualTo("t_01");
        assertThat(run.stdout() + run.stderr()).doesNotContain(PASSWORD);
    }

    @Test
    void badValuesInTheEnvironmentAreNamedAsWritten() throws Exception {
        Run concurrency = extguard(Map.of("EXTGUARD_URL", url(), "EXTGUARD_CONCURRENCY", "abc"), "preflight");
        assertThat(concurrency.exitCode()).isEqualTo(2);
        assertThat(concurrency.stderr()).contains("EXTGUARD_CONCURRENCY='abc'").doesNotContain("--concurrency");

        Run skip = extguard(Map.of("EXTGUARD_URL", url(), "SKIP_EXTENSION_UPDATE", "maybe"), "preflight");
        assertThat(skip.exitCode()).isEqualTo(2);
        assertThat(skip.stderr()).contains("SKIP_EXTENSION_UPDATE='maybe' is neither true nor false");

        Run port = extguard(Map.of("EXTGUARD_URL", url(), "EXTGUARD_HTTP_PORT", "99999"), "sidecar");
        assertThat(port.exitCode()).isEqualTo(2);
        assertThat(port.stderr().strip()).isEqualTo("EXTGUARD_HTTP_PORT='99999' is not a whole number from 1 to 65535.");
        assertNothingChanged();
    }
}
