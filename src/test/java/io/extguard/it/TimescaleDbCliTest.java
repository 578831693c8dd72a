package io.extguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.cli.CliLauncher;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.TimescaleVersion;
import io.extguard.testsupport.Connections;
import io.extguard.testsupport.Cli;
import io.extguard.testsupport.ServerTest;
import io.quarkus.test.junit.main.LaunchResult;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The commands themselves after a TimescaleDB image upgrade to an image that no longer ships the
 * old versioned library (the stand-in of src/test/c/timescaledb_stand_in): check names it and
 * exits 3, preflight fixes it, check exits 0.
 */
@ExtendWith(CliLauncher.Resolver.class)
@ServerTest
class TimescaleDbCliTest {
    private static PgInstall install;
    private static PgServer server;

    @BeforeAll
    static void serverAfterAnImageUpgradeWithoutTheOldLibrary() throws SQLException {
        install = PgInstall.create("timescaledb-cli");
        install.installTimescaleStandIn(TimescaleVersion.V2_17_2, true);
        server = PgServer.builder(install).name("timescaledb-cli").config(TimescaleVersion.SHARED_PRELOAD_LIBRARIES).start();
        server.createDatabase("metrics");
        server.execute("metrics", "CREATE EXTENSION timescaledb");
        install.installTimescaleStandIn(TimescaleVersion.V2_19_3, false);
        server.restart();
    }

    @AfterAll
    static void stop() {
        server.close();
        install.close();
    }

    @Test
    void checkNamesTheMissingLibraryAsDriftAndPreflightFixesIt(CliLauncher launcher) {
        LaunchResult before = launcher.launch("check", "--url", Connections.url(server), "--databases", "metrics");
        assertThat(before.exitCode()).as(Cli.logs(before)).isEqualTo(3);
        assertThat(before.getOutput()).containsPattern("metrics +timescaledb +2\\.17\\.2 +2\\.19\\.3 +update +"
                + "the image no longer ships timescaledb-2\\.17\\.2; preflight updates the catalog to 2\\.19\\.3");

        LaunchResult preflight = launcher.launch("preflight", "--url", Connections.url(server), "--databases", "metrics");
        assertThat(preflight.exitCode()).as(Cli.logs(preflight)).isZero();
        assertThat(Cli.logs(preflight)).contains("[metrics] Updated extension timescaledb from 2.17.2 to 2.19.3");

        LaunchResult after = launcher.launch("check", "--url", Connections.url(server), "--databases", "metrics");
        assertThat(after.exitCode()).as(Cli.logs(after)).isZero();
    }
}
