package io.extguard.it;

import io.extguard.cli.CliLauncher;
import io.extguard.testsupport.ServerTest;
import io.extguard.testsupport.Cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.quarkus.test.junit.main.LaunchResult;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator mistakes that used to make extguard change the wrong thing, each reproduced
 * against a real server: every one now stops with a clear error, and every database keeps the
 * versions it had (pg_trgm 1.3 and hstore 1.4, both behind this server's defaults).
 */
@ServerTest
@ExtendWith(CliLauncher.Resolver.class)
class OperatorMistakesTest {
    /** A password a configuration library would take for expressions. */
    private static final String PASSWORD = "pa${x}ss$${y}\\${z}";
    private static final List<String> TENANTS = List.of("t_01", "t_02", "t_03");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static PgServer server;

    @BeforeAll
    static void driftedTenants() throws SQLException {
        server = PgServer.builder(PgInstall.shared()).name("mistakes").password(PASSWORD).start();
        Tenants.create(server, TENANTS, "CREATE EXTENSION pg_trgm VERSION '1.3'", "CREATE EXTENSION hstore VERSION '1.4'");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void clearProperties() {
        System.clearProperty("extguard.url");
        System.clearProperty("extguard.database");
    }

    private static String url() {
        return "postgresql://postgres:" + PASSWORD + "@" + server.host() + ":" + server.port() + "/postgres";
    }

    private static String[] args(String command, String... more) {
        List<String> all = new ArrayList<>(List.of(command, "--url", url(), "--wait", "5s"));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** Nothing changed: every tenant still has the versions it started with. */
    private static void assertNothingChanged() throws SQLException {
        for (String tenant : TENANTS) {
            assertThat(server.queryString(tenant, "SELECT extversion FROM pg_extension WHERE extname = 'pg_trgm'"))
                    .as(tenant).isEqualTo("1.3");
            assertThat(server.queryString(tenant, "SELECT extversion FROM pg_extension WHERE extname = 'hstore'"))
                    .as(tenant).isEqualTo("1.4");
        }
    }

    private static void assertUsageError(LaunchResult result, String... messageParts) throws SQLException {
        assertThat(result.exitCode()).as(Cli.logs(result)).isEqualTo(2);
        assertThat(Cli.logs(result)).contains(messageParts).doesNotContain(PASSWORD).doesNotContain("\tat ");
        assertNothingChanged();
    }

    @Test
    void aPasswordWithExpressionsInTheUrlPropertyReachesTheServerLiterally(CliLauncher launcher) {
        System.setProperty("extguard.url", url());
        LaunchResult result = launcher.launch("check", "--wait", "5s");
        assertThat(result.exitCode()).as(Cli.logs(result)).isEqualTo(3);
        assertThat(Cli.logs(result)).contains(server.host() + ":" + server.port()).doesNotContain(PASSWORD);
    }

    @Test
    void aPinWhoseNameMatchesNothingStopsBeforeAnyChange(CliLauncher launcher) throws SQLException {
        assertUsageError(launcher.launch(args("preflight", "--pin", "PG_TRGM=1.4")),
                "No extension 'PG_TRGM'", "--pin", "Did you mean 'pg_trgm'");
        assertUsageError(launcher.launch(args("preflight", "--pin", "pgtrgm=1.4")),
                "No extension 'pgtrgm'", "Did you mean 'pg_trgm'");
        assertUsageError(launcher.launch(args("preflight", "--pin", "pg_trgm =1.4")), "blanks around");
        assertUsageError(launcher.launch(args("preflight", "--pin", "vector=")), "empty value");
        assertUsageError(launcher.launch(args("preflight", "--pin", "=1.0")), "empty name");
        assertUsageError(launcher.launch(args("preflight", "--ensure", "")), "--ensure=''");
        assertUsageError(launcher.launch(args("preflight", "--ensure", "hstor")), "No extension 'hstor'",
                "--ensure", "Did you mean 'hstore'");
    }

    @Test
    void anEmptySelectionSelectsNothingAndIsAMistake(CliLauncher launcher) throws SQLException {
        for (String empty : List.of("", ",", " ")) {
            assertUsageError(launcher.launch(args("preflight", "--databases", empty)), "--databases='" + empty + "'");
        }
        assertUsageError(launcher.launch(args("preflight", "--extensions", "")), "--extensions=''");
    }

    @Test
    void aMisspeltSettingStopsTheRun(CliLauncher launcher) throws SQLException {
        System.setProperty("extguard.database", "t_01");
        assertUsageError(launcher.launch(args("preflight")), "extguard.database", "Did you mean 'extguard.databases'");
    }

    @Test
    void unknownUrlParametersAreRefusedAndKnownOnesHonoured(CliLauncher launcher) throws SQLException {
        assertUsageError(launcher.launch("preflight", "--url", url() + "?ssl_mode=require"),
                "unknown parameter 'ssl_mode'", "Did you mean 'sslmode'");
        assertUsageError(launcher.launch("preflight", "--url", url() + "?SSLMODE=require"), "'SSLMODE'");
        // This server has no GSSAPI: had gssencmode=require been dropped, preflight would have connected.
        LaunchResult gss = launcher.launch("preflight", "--url", url() + "?gssencmode=require", "--wait", "1s");
        assertThat(gss.exitCode()).as(Cli.logs(gss)).isEqualTo(1);
        assertNothingChanged();
    }

    @Test
    void aMissingPasswordSaysSoAndWhereItWasLookedFor(CliLauncher launcher) throws SQLException {
        LaunchResult result = launcher.launch("preflight", "--url",
                "postgresql://postgres@" + server.host() + ":" + server.port() + "/postgres", "--wait", "5s");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(Cli.logs(result)).contains("asks for a password", "PGPASSWORD", ".pgpass", "--password-file")
                .doesNotContain("TLS");
        assertNothingChanged();
    }

    @Test
    void anUnwritableReportStopsPreflightBeforeAnyChange(CliLauncher launcher, @TempDir Path dir)
            throws SQLException {
        Path report = dir.resolve("no-such-dir").resolve("report.json");
        assertUsageError(launcher.launch(args("preflight", "--report", report.toString())), "Cannot write the report");
    }

    @Test
    void aRunThatFailsEarlyReplacesTheReportAndPrintsJson(CliLauncher launcher, @TempDir Path dir)
            throws IOException {
        Path report = dir.resolve("report.json");
        Files.writeString(report, "{\"exitCode\": 0, \"stale\": true}");
        int closed;
        try (ServerSocket probe = new ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        LaunchResult result = launcher.launch("check", "--url", "postgresql://postgres@127.0.0.1:" + closed + "/postgres",
                "--wait", "1s", "--output", "json", "--report", report.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        JsonNode printed = JSON.readTree(Cli.stdoutJson(result));
        JsonNode written = JSON.readTree(report.toFile());
        for (JsonNode json : List.of(printed, written)) {
            assertThat(json.path("exitCode").asInt()).isEqualTo(1);
            assertThat(json.path("error").path("code").asText()).isEqualTo("CONNECTION_FAILED");
            assertThat(json.path("error").path("message").asText()).contains("did not come up");
            assertThat(json.has("stale")).isFalse();
        }
    }

    @Test
    void aUsageErrorIsJsonTooWhenJsonWasAskedFor(CliLauncher launcher) throws IOException {
        LaunchResult result = launcher.launch(args("check", "--concurrency", "abc", "--output", "json"));
        assertThat(result.exitCode()).isEqualTo(2);
        JsonNode json = JSON.readTree(Cli.stdoutJson(result));
        assertThat(json.path("error").path("code").asText()).isEqualTo("USAGE");
        assertThat(json.path("error").path("message").asText()).contains("--concurrency='abc'");
    }

    @Test
    void absurdValuesAreUsageErrorsNotStackTraces(CliLauncher launcher) throws SQLException {
        assertUsageError(launcher.launch("preflight", "--url", url(), "--wait", "99999999999d"),
                "--wait='99999999999d'");
        assertUsageError(launcher.launch(args("preflight", "--lock-timeout", "100d")), "--lock-timeout='100d'");
        assertUsageError(launcher.launch(args("preflight", "--password-file", "/dev/zero")), "/dev/zero",
                "not a regular file");
    }

    @Test
    void aSelectionThatMatchesNoDatabaseSaysSoWithTheCount(CliLauncher launcher) throws SQLException {
        LaunchResult result = launcher.launch(args("preflight", "--databases", "tenant_*"));
        assertThat(result.exitCode()).as(Cli.logs(result)).isZero();
        assertThat(Cli.logs(result)).contains("No database matches the selection (only tenant_*)")
                .contains("the server has " + (TENANTS.size() + 2) + " databases")
                .doesNotContain("Nothing to do");
        assertNothingChanged();
    }

    @Test
    void aMistypedOptionGetsTheNearestOneAndJsonWhenAsked(CliLauncher launcher) throws IOException {
        LaunchResult result = launcher.launch("check", "--databse", "t_01", "--output", "json");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(Cli.logs(result)).contains("Unknown option '--databse'. Did you mean '--databases'?");
        JsonNode error = JSON.readTree(Cli.stdoutJson(result)).path("error");
        assertThat(error.path("code").asText()).isEqualTo("USAGE");
        assertThat(error.path("message").asText()).contains("Did you mean '--databases'?");
    }

    @Test
    void malformedCitusNodeMappingsAreUsageErrorsBeforeAnyWork(CliLauncher launcher) throws SQLException {
        assertUsageError(launcher.launch(args("preflight", "--citus-node-address", "worker-1=10.0.0.2:99999")),
                "Citus node worker-1", "--citus-node-address");
        assertUsageError(launcher.launch(args("preflight", "--citus-node-address", "worker-1=")), "empty value");
        assertUsageError(launcher.launch(args("preflight", "--citus-node-url", "worker-1=mysql://w/db")),
                "Citus node worker-1", "must start with postgresql://");
    }
}
