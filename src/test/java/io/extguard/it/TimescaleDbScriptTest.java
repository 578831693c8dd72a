package io.extguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.cli.CliLauncher;
import io.extguard.testsupport.Cli;
import io.extguard.testsupport.Connections;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.ServerTest;
import io.extguard.testsupport.TimescaleVersion;
import io.quarkus.test.junit.main.LaunchResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check --output sql} after a TimescaleDB image upgrade (the stand-in of
 * src/test/c/timescaledb_stand_in), run by the real psql, in both kinds of image. The script's
 * sessions start with timescaledb.disable_load=on, as preflight's do; without it, the script's
 * first statement in the database would load the old library and the update would be refused
 * (0A000), or fail outright where the image no longer ships that library (58P01).
 */
@ServerTest
@ExtendWith(CliLauncher.Resolver.class)
class TimescaleDbScriptTest {

    @Test
    void theScriptUpdatesTimescaleDbWhereTheImageKeepsTheOldLibrary(CliLauncher launcher, @TempDir Path dir)
            throws Exception {
        scriptConverges(launcher, dir, true);
    }

    @Test
    void theScriptUpdatesTimescaleDbWhereTheImageShipsOnlyTheNewLibrary(CliLauncher launcher, @TempDir Path dir)
            throws Exception {
        scriptConverges(launcher, dir, false);
    }

    private static void scriptConverges(CliLauncher launcher, Path dir, boolean keepOldLibrary)
            throws Exception {
        try (PgInstall install = PgInstall.create("timescaledb-script-" + keepOldLibrary)) {
            install.installTimescaleStandIn(TimescaleVersion.V2_17_2, true);
            try (PgServer server = PgServer.builder(install).name("timescaledb-script")
                    .config(TimescaleVersion.SHARED_PRELOAD_LIBRARIES).start()) {
                server.createDatabase("metrics");
                server.execute("metrics", "CREATE EXTENSION timescaledb", "CREATE EXTENSION hstore VERSION '1.4'");
                install.installTimescaleStandIn(TimescaleVersion.V2_19_3, keepOldLibrary);
                server.restart();

                LaunchResult check = launcher.launch("check", "--url", Connections.url(server), "--databases", "metrics",
                        "--output", "sql");
                assertThat(check.exitCode()).as(Cli.logs(check)).isEqualTo(3);
                String script = PsqlScripts.script(check);
                assertThat(script).contains("options=''-c timescaledb.disable_load=on''")
                        .contains("ALTER EXTENSION \"timescaledb\" UPDATE TO '2.19.3';")
                        .contains("ALTER EXTENSION \"hstore\" UPDATE TO '1.8';");

                PsqlScripts.Run psql = PsqlScripts.run(server, script, dir);
                assertThat(psql.exitCode()).as(psql.output()).isZero();

                LaunchResult after = launcher.launch("check", "--url", Connections.url(server), "--databases", "metrics");
                assertThat(after.exitCode()).as(Cli.logs(after)).isZero();
                assertThat(server.queryString("metrics", "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'"))
                        .isEqualTo("2.19.3");
            }
        }
    }
}
