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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An update script that fails in one database rolls back that database only. */
@ExtendWith(CliLauncher.Resolver.class)
@ServerTest
class FailedUpdateTest {
    private static final String EXTENSIONS = "SELECT string_agg(extname || ' ' || extversion, ', ' ORDER BY extname)"
            + " FROM pg_extension WHERE extname <> 'plpgsql'";
    private static PgInstall install;
    private static PgServer server;

    @BeforeAll
    static void oneDatabaseWhoseUpdateScriptWillFail() throws SQLException {
        install = PgInstall.create("failed-update");
        install.installFixture(FixtureVersion.V1_0);
        server = PgServer.start(install);
        Tenants.create(server, List.of("good_a", "broken", "good_b"),
                "CREATE EXTENSION citext VERSION '1.4'",
                "CREATE EXTENSION extguard_fixture");
        // The 1.0--2.0 script creates this table; here it already exists, so the script fails.
        server.execute("broken", "CREATE TABLE extguard_fixture_v2_marker (id int)");
        install.installFixture(FixtureVersion.V2_0);
        server.restart();
    }

    @AfterAll
    static void stop() {
        server.close();
        install.close();
    }

    @Test
    void theBrokenDatabaseIsExactlyAsItWasAndTheOthersAreUpdated(CliLauncher launcher) throws SQLException {
        LaunchResult result = launcher.launch("preflight", "--url", Connections.url(server), "--databases", "good_*,broken");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(Cli.logs(result))
                .contains("[broken] Failed to update extension extguard_fixture from 1.0 to 2.0: relation \"extguard_fixture_v2_marker\" already exists [42P07]")
                .contains("[broken] Did not update extension citext from 1.4 to 1.6: not applied: the transaction was rolled back because extguard_fixture failed")
                .contains("[good_a] Updated extension extguard_fixture from 1.0 to 2.0")
                .contains("1 failed");
        // citext's update ran before the failure (requirements aside, changes run in name order) and was undone.
        assertThat(server.queryString("broken", EXTENSIONS)).isEqualTo("citext 1.4, extguard_fixture 1.0");
        assertThat(server.queryString("good_a", EXTENSIONS)).isEqualTo("citext 1.6, extguard_fixture 2.0");
        assertThat(server.queryString("good_b", EXTENSIONS)).isEqualTo("citext 1.6, extguard_fixture 2.0");

        // The failure is not transient, so it is not retried: one attempt, then the report.
        assertThat(Cli.logs(result)).doesNotContain("gave up after");
    }
}
