package io.extguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.cli.CliLauncher;
import io.extguard.testsupport.FixtureVersion;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.ServerTest;
import io.extguard.testsupport.Connections;
import io.extguard.testsupport.Cli;
import io.quarkus.test.junit.main.LaunchResult;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Plans that cannot be carried out: each must fail with exit 1, name the database and the
 * extension, say what to do, and change nothing.
 */
@ExtendWith(CliLauncher.Resolver.class)
@ServerTest
class PlanProblemsTest {
    private static PgInstall install;
    private static PgServer server;

    @BeforeAll
    static void server() throws SQLException {
        install = PgInstall.create("plan-problems");
        // A database updated to 2.0 while the 2.0 image was running ...
        install.installFixture(FixtureVersion.V2_0);
        server = PgServer.start(install);
        Tenants.create(server, java.util.List.of("rolled_back_image"), "CREATE EXTENSION extguard_fixture");
        // ... and then the image was rolled back to 1.0, whose library cannot serve 2.0.
        install.installFixture(FixtureVersion.V1_0);
        // A 3.0 that can only be installed fresh: no script leads to it from 1.0.
        install.putExtensionFile("extguard_fixture--3.0.sql", "CREATE FUNCTION extguard_fixture_three() RETURNS int LANGUAGE sql AS 'SELECT 3';");
        server.restart();
        Tenants.create(server, java.util.List.of("pinned", "ensured"), "CREATE EXTENSION extguard_fixture");
    }

    @AfterAll
    static void stop() {
        server.close();
        install.close();
    }

    private static LaunchResult preflight(CliLauncher launcher, String database, String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "preflight";
        args[1] = "--url";
        args[2] = Connections.url(server);
        args[3] = "--databases=" + database;
        System.arraycopy(more, 0, args, 4, more.length);
        return launcher.launch(args);
    }

    @Test
    void aDowngradeIsRefusedWithAdviceToRestore(CliLauncher launcher) throws SQLException {
        LaunchResult result = preflight(launcher, "rolled_back_image");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(Cli.logs(result))
                .contains("[rolled_back_image] Cannot bring extension extguard_fixture to its target")
                .contains("installed version 2.0 is newer than 1.0")
                .contains("cannot be downgraded")
                .contains("Restore this database from a backup");
        assertThat(extversion("rolled_back_image")).isEqualTo("2.0");
    }

    @Test
    void aPinToAVersionThatDoesNotExistNamesTheVersionsThatDo(CliLauncher launcher) throws SQLException {
        LaunchResult result = preflight(launcher, "pinned", "--pin", "extguard_fixture=9.9");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(Cli.logs(result))
                .contains("[pinned] Cannot bring extension extguard_fixture to its target: pinned version 9.9 does not exist")
                .contains("the library offers 1.0, 3.0");
        assertThat(extversion("pinned")).isEqualTo("1.0");
    }

    @Test
    void aPinWithNoUpdatePathIsReportedBeforeAnythingIsTouched(CliLauncher launcher) throws SQLException {
        LaunchResult check = launcher.launch("check", "--url", Connections.url(server), "--databases=pinned",
                "--pin", "extguard_fixture=3.0");
        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.getOutput()).containsPattern("pinned +extguard_fixture +1\\.0 +3\\.0 +error +no update path from 1\\.0 to 3\\.0");

        LaunchResult result = preflight(launcher, "pinned", "--pin", "extguard_fixture=3.0");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(Cli.logs(result)).contains("[pinned] Cannot bring extension extguard_fixture to its target: no update path from 1.0 to 3.0");
        assertThat(extversion("pinned")).isEqualTo("1.0");
    }

    @Test
    void ensuringAnExtensionThatNoLibraryProvidesIsAUsageErrorBeforeAnyChange(CliLauncher launcher) {
        // Issue 9: a name that matches nothing the server offers stops the run before any database.
        LaunchResult result = preflight(launcher, "ensured", "--ensure", "no_such_extension");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(Cli.logs(result))
                .contains("No extension 'no_such_extension' on this server (named by --ensure)")
                .doesNotContain("[ensured]");
    }

    @Test
    void ensuringAnAvailableExtensionCreatesItAtThePinnedVersion(CliLauncher launcher) throws SQLException {
        LaunchResult result = preflight(launcher, "ensured", "--ensure", "hstore", "--pin", "hstore=1.5");
        assertThat(result.exitCode()).as(Cli.logs(result)).isZero();
        assertThat(Cli.logs(result)).contains("[ensured] Created extension hstore at version 1.5");
        assertThat(server.queryString("ensured", "SELECT extversion FROM pg_extension WHERE extname = 'hstore'")).isEqualTo("1.5");
    }

    @Test
    void onFailureWarnLogsTheProblemButExitsZero(CliLauncher launcher) {
        LaunchResult result = preflight(launcher, "pinned", "--pin", "extguard_fixture=9.9", "--on-failure", "warn");
        assertThat(result.exitCode()).isZero();
        assertThat(Cli.logs(result)).contains("pinned version 9.9 does not exist");
    }

    private static String extversion(String database) throws SQLException {
        return server.queryString(database, "SELECT extversion FROM pg_extension WHERE extname = 'extguard_fixture'");
    }
}
