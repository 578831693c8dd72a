package io.extguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.extguard.testsupport.Cli;
import io.extguard.testsupport.Connections;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.ServerTest;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A run whose stdout is not a terminal (here, as in CI or {@code > plan.json}, a pipe) shows no
 * progress: the text report is the table alone and the JSON report stays exactly one document.
 */
@ServerTest
@QuarkusMainTest
class ProgressCliTest {
    private static final List<String> TENANTS = List.of("progress_1", "progress_2", "progress_3", "progress_4");
    private static PgServer server;

    @BeforeAll
    static void tenantsWithDrift() throws SQLException {
        server = PgServer.builder(PgInstall.shared()).name("progress-cli").start();
        for (String tenant : TENANTS) {
            server.createDatabase(tenant);
            server.execute(tenant, "CREATE EXTENSION hstore VERSION '1.4'");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aRedirectedJsonRunIsOneDocumentAndNoProgress(QuarkusMainLauncher launcher) throws IOException {
        LaunchResult result = launcher.launch("check", "--url", Connections.url(server), "--databases", "progress_*",
                "--concurrency", "1", "--output", "json");

        assertThat(result.exitCode()).as(Cli.logs(result)).isEqualTo(3);
        assertThat(Cli.logs(result)).doesNotContain("Progress:").doesNotContain("databases done");
        try (JsonParser parser = JsonMapper.builder().build().createParser(Cli.stdoutJson(result))) {
            JsonNode report = parser.readValueAsTree();
            assertThat(report.get("databases")).hasSize(TENANTS.size());
            assertThat(parser.nextToken()).as("anything after the report").isNull();
        }
        assertThat(result.getOutput().lines().filter("{"::equals)).hasSize(1);
    }

    @Test
    void aRedirectedTextRunIsTheTableAlone(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("check", "--url", Connections.url(server), "--databases", "progress_*",
                "--concurrency", "1");

        assertThat(result.exitCode()).as(Cli.logs(result)).isEqualTo(3);
        assertThat(result.getOutput()).contains("progress_4").doesNotContain("Progress:");
        assertThat(result.getErrorOutput()).doesNotContain("Progress:");
    }
}
