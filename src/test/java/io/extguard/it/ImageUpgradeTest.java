package io.extguard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.extguard.cli.CliLauncher;
import io.extguard.report.JsonReport;
import io.extguard.testsupport.FixtureVersion;
import io.extguard.testsupport.HostileNames;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.ServerTest;
import io.extguard.testsupport.Connections;
import io.extguard.testsupport.Cli;
import io.quarkus.test.junit.main.LaunchResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The situation extguard exists for: the image is rebuilt, the libraries are new, and every
 * database still has the old extension version. The C fixture refuses work on that mismatch the
 * way Citus does; contrib extensions are left at old versions the way pgvector silently is.
 */
@ExtendWith(CliLauncher.Resolver.class)
@ServerTest
class ImageUpgradeTest {
    private static final String FIXTURE_CALL = "SELECT extguard_fixture_version()";
    private static final List<String> DATABASES = new ArrayList<>();
    private static PgInstall install;
    private static PgServer server;

    @BeforeAll
    static void serverWithOldExtensionsInEveryDatabase() throws SQLException {
        install = PgInstall.create("image-upgrade");
        install.installFixture(FixtureVersion.V1_0);
        server = PgServer.start(install);
        DATABASES.addAll(Tenants.plain(12));
        DATABASES.addAll(HostileNames.DATABASES);
        Tenants.create(server, DATABASES,
                "CREATE EXTENSION extguard_fixture",
                "CREATE EXTENSION hstore VERSION '1.4'",
                "CREATE EXTENSION pg_trgm VERSION '1.3'",
                "CREATE EXTENSION citext VERSION '1.4'");
        install.installFixture(FixtureVersion.V2_0);
        server.restart();
    }

    @AfterAll
    static void stop() {
        server.close();
        install.close();
    }

    @Test
    void preflightBringsEveryDatabaseToTheNewLibraryAndTheMismatchErrorGoes(CliLauncher launcher,
                                                                            @TempDir Path dir) throws Exception {
        for (String db : DATABASES) {
            assertThatThrownBy(() -> server.queryString(db, FIXTURE_CALL))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("loaded extguard_fixture library version differs from installed extension version")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("XX000"));
        }

        LaunchResult before = launcher.launch("check", "--url", Connections.url(server));
        assertThat(before.exitCode()).as(Cli.logs(before)).isEqualTo(3);
        assertThat(before.getOutput())
                .containsPattern("tenant_01 +extguard_fixture +1\\.0 +2\\.0 +update")
                .contains("\"new\\nline\"");

        Path report = dir.resolve("report.json");
        LaunchResult preflight = launcher.launch("preflight", "--url", Connections.url(server), "--report", report.toString());
        assertThat(preflight.exitCode()).as(Cli.logs(preflight)).isZero();
        assertThat(Cli.logs(preflight))
                .contains("[tenant_01] Updated extension extguard_fixture from 1.0 to 2.0")
                .contains("[tenant_12] Updated extension hstore from 1.4 to 1.8")
                .contains("[\"new\\nline\"] Updated extension pg_trgm from 1.3 to 1.6")
                .contains("updated (" + DATABASES.size() * 4 + " extensions)")
                .doesNotContain("\nnew\nline");

        for (String db : DATABASES) {
            assertThat(server.queryString(db, FIXTURE_CALL)).as(db).isEqualTo("2.0");
            assertThat(server.queryString(db, "SELECT string_agg(extname || ' ' || extversion, ', ' ORDER BY extname)"
                    + " FROM pg_extension")).as(db)
                    .isEqualTo("citext 1.6, extguard_fixture 2.0, hstore 1.8, pg_trgm 1.6, plpgsql 1.0");
        }

        JsonNode json = JsonReport.mapper().readTree(Files.readString(report));
        assertThat(json.path("exitCode").asInt()).isZero();
        assertThat(json.path("summary").path("updated").asInt()).isEqualTo(DATABASES.size());
        assertThat(json.path("databases").findValuesAsText("database")).containsAll(DATABASES);

        LaunchResult after = launcher.launch("check", "--url", Connections.url(server));
        assertThat(after.exitCode()).as(Cli.logs(after)).isZero();
        assertThat(after.getOutput()).contains("Nothing to do");
    }
}
