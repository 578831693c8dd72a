package io.extguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extguard.cli.CliLauncher;
import io.extguard.model.ExtguardException;
import io.extguard.model.Mode;
import io.extguard.model.RunReport;
import io.extguard.sidecar.DriftStatus;
import io.extguard.sidecar.DriftWatcher;
import io.extguard.sidecar.HealthState;
import io.extguard.sidecar.SidecarEvents;
import io.extguard.sidecar.SidecarSettings;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.ServerTest;
import io.quarkus.test.junit.main.LaunchResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A primary and a real streaming hot standby ({@code pg_basebackup -R}), shared by every test:
 * preflight refuses the standby before visiting any database, check and the sidecar read it and
 * say so, and libpq's multi-host {@code target_session_attrs} picks the same server as psql does.
 * Each test uses its own tenant databases, so the order of the tests does not matter.
 */
@ExtendWith(CliLauncher.Resolver.class)
@ServerTest
class StandbyTest {
    private static PgServer primary;
    private static PgServer standby;

    @BeforeAll
    static void primaryAndStandby() throws Exception {
        primary = PgServer.builder(PgInstall.shared()).name("primary").start();
        // A role whose sessions are read-only on the primary too: read-write and primary disagree about it.
        primary.execute(PgServer.ADMIN_DATABASE, "CREATE ROLE reader LOGIN",
                "ALTER ROLE reader SET default_transaction_read_only = on");
        Servers.createTenants(primary, List.of("refused_a", "refused_b", "read_a", "read_b", "moved_a", "watched_a"),
                "CREATE EXTENSION hstore VERSION '1.4'");
        standby = PgServer.builder(PgInstall.shared()).name("standby").standbyOf(primary).start();
        standby.awaitReplayed();
    }

    @AfterAll
    static void stop() {
        if (standby != null) {
            standby.close();
        }
        if (primary != null) {
            primary.close();
        }
    }

    @Test
    void preflightOnAStandbyFailsAtOnceBeforeVisitingAnyDatabase(CliLauncher launcher) throws Exception {
        LaunchResult result = launcher.launch("preflight", "--url", Servers.url(standby), "--databases", "refused_*");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(Servers.logs(result))
                .contains(Servers.hostPort(standby) + " is a hot standby (read-only): run preflight against the "
                        + "primary; standbys receive the catalog changes by replication")
                .doesNotContain("refused_a")
                .doesNotContain("25006");
        assertThat(Servers.version(standby, "refused_a", "hstore")).isEqualTo("1.4");
    }

    @Test
    void checkReadsAStandbyAndSaysSo(CliLauncher launcher) {
        LaunchResult text = launcher.launch("check", "--url", Servers.url(standby), "--databases", "read_*");
        LaunchResult json = launcher.launch("check", "--url", Servers.url(standby), "--databases", "read_*",
                "--output", "json");

        assertThat(text.exitCode()).as(Servers.logs(text)).isEqualTo(3);
        assertThat(text.getOutput()).contains("Read from a hot standby (read-only)")
                .contains("read_a").contains("read_b");
        assertThat(json.exitCode()).isEqualTo(3);
        assertThat(json.getOutput()).contains("\"standby\" : true");
    }

    @Test
    void aPrimaryIsNotReportedAsAStandby() {
        RunReport report = Servers.run(Servers.url(primary), Mode.CHECK, "read_*");

        assertThat(report.standby()).isFalse();
        assertThat(report.exitCode()).isEqualTo(3);
    }

    @Test
    void aMultiHostUrlAskingForReadWriteUpdatesThePrimaryEvenWhenTheStandbyIsListedFirst(CliLauncher launcher)
            throws Exception {
        String url = Servers.url(standby, primary) + "?target_session_attrs=read-write";

        LaunchResult result = launcher.launch("preflight", "--url", url, "--databases", "moved_*");

        assertThat(result.exitCode()).as(Servers.logs(result)).isZero();
        assertThat(Servers.version(primary, "moved_a", "hstore")).isEqualTo("1.8");
        standby.awaitReplayed();
        assertThat(Servers.version(standby, "moved_a", "hstore")).isEqualTo("1.8");
    }

    @Test
    void theSidecarOnAStandbyReportsDriftAndNeverRemediates() throws Exception {
        DriftWatcher watcher = new DriftWatcher(Servers.connection(Servers.url(standby)),
                Servers.settings(Mode.CHECK, "watched_*", Duration.ZERO),
                new SidecarSettings(null, Duration.ofMinutes(10), true, true), Clock.systemUTC(), SidecarEvents.NONE);

        watcher.checkNow();

        DriftStatus status = watcher.status();
        assertThat(status.state()).isEqualTo(HealthState.Degraded);
        assertThat(status.message()).contains("watched_a (hstore 1.4 expected 1.8)")
                .contains("read from a hot standby: not remediated here");
        assertThat(Servers.version(primary, "watched_a", "hstore")).isEqualTo("1.4");
    }

    /**
     * Every target_session_attrs value, with hosts in both orders and a dead host first: extguard
     * settles on the server psql (libpq) connects to with the same URL.
     */
    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({
            "'standby,primary', any",
            "'dead,primary', any",
            "'standby,primary', read-write",
            "'standby,primary', primary",
            "'primary,standby', read-only",
            "'primary,standby', standby",
            "'primary,standby', prefer-standby",
            "'primary,dead', prefer-standby",
            "'dead,standby,primary', read-write",
    })
    void targetSessionAttrsPicksTheServerPsqlPicks(String order, String attrs) throws Exception {
        String url = urlFor(order, "postgres") + "?target_session_attrs=" + attrs;

        RunReport report = Servers.run(url, Mode.CHECK, "read_*");

        String port = psqlPort(url);
        assertThat(port).as("psql's choice for " + url).isNotEmpty();
        assertThat(report.server()).contains("127.0.0.1:" + port + "/");
        assertThat(report.standby()).isEqualTo(port.equals(String.valueOf(standby.port())));
    }

    @Test
    void readWriteAndPrimaryDifferForARoleWhoseSessionsAreReadOnly() throws Exception {
        String hosts = urlFor("primary,standby", "postgres").replace("postgres@", "reader@");

        RunReport readOnly = Servers.run(hosts + "?target_session_attrs=read-only", Mode.CHECK, "read_*");
        RunReport primaryOnly = Servers.run(hosts + "?target_session_attrs=primary", Mode.CHECK, "read_*");

        // libpq: read-only takes the primary, whose session is read-only for this role; primary takes it too.
        assertThat(readOnly.server()).contains(Servers.hostPort(primary));
        assertThat(psqlPort(hosts + "?target_session_attrs=read-only")).isEqualTo(String.valueOf(primary.port()));
        assertThat(primaryOnly.server()).contains(Servers.hostPort(primary));
        assertThatThrownBy(() -> Servers.run(hosts + "?target_session_attrs=read-write", Mode.CHECK, "read_*"))
                .isInstanceOf(ExtguardException.class)
                .hasMessageContaining("No host is suitable for target_session_attrs=read-write")
                .hasMessageContaining(Servers.hostPort(primary) + ": session is read-only")
                .hasMessageContaining(Servers.hostPort(standby) + ": session is read-only");
    }

    @Test
    void noSuitableHostWaitsThenNamesEveryHostAndWhy() {
        String url = Servers.url(primary) + "?target_session_attrs=standby";

        assertThatThrownBy(() -> Servers.run(url, Mode.CHECK, "read_*"))
                .isInstanceOf(ExtguardException.class)
                .hasMessageContaining("had no host suitable for its target_session_attrs within 2s")
                .hasMessageContaining("server is not in hot standby mode");
    }

    @Test
    void anUnknownTargetSessionAttrsIsAUsageError(CliLauncher launcher) {
        LaunchResult result = launcher.launch("check", "--url", Servers.url(primary) + "?target_session_attrs=master");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(Servers.logs(result)).contains("target_session_attrs 'master' is not one of any, read-write,"
                + " read-only, primary, standby, prefer-standby");
    }

    private static String urlFor(String order, String database) {
        StringBuilder hosts = new StringBuilder();
        for (String name : order.split(",")) {
            int port = switch (name) {
                case "primary" -> primary.port();
                case "standby" -> standby.port();
                default -> Servers.deadPort();
            };
            hosts.append(hosts.isEmpty() ? "" : ",").append("127.0.0.1:").append(port);
        }
        return "postgresql://postgres@" + hosts + "/" + database;
    }

    /** The port of the server libpq's psql settles on for the URL (same user, hosts and attributes). */
    private static String psqlPort(String url) throws IOException, InterruptedException {
        Path psql = PgInstall.shared().binDir().resolve("psql");
        ProcessBuilder builder = new ProcessBuilder(psql.toString(), "-X", "-A", "-t", "-c",
                "SELECT current_setting('port')", url).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
