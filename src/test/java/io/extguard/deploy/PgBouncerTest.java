package io.extguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.extguard.apply.ActiveProbes;
import io.extguard.cli.CliLauncher;
import io.extguard.model.DatabaseReport;
import io.extguard.connect.Sleeper;
import io.extguard.discovery.NameFilter;
import io.extguard.run.FleetRun;
import io.extguard.model.Mode;
import io.extguard.run.RunListener;
import io.extguard.model.RunReport;
import io.extguard.config.RunSettings;
import io.extguard.testsupport.PgBouncer;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.ServerTest;
import io.quarkus.test.junit.main.LaunchResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * extguard through Debian's PgBouncer, started by the test: session and transaction pooling, with
 * and without {@code ignore_startup_parameters = options}, with trust and with scram. Two servers
 * (trust, scram) are shared; each case gets its own PgBouncer and its own tenant databases.
 */
@ExtendWith(CliLauncher.Resolver.class)
@ServerTest
class PgBouncerTest {
    private static final String PASSWORD = "Bouncer-Pa55";
    /** Seven extensions, so each catalog query of the maintenance session runs more than pgjdbc's prepareThreshold (5). */
    private static final String[] EXTENSIONS = {
            "CREATE EXTENSION hstore VERSION '1.4'", "CREATE EXTENSION pg_trgm VERSION '1.3'",
            "CREATE EXTENSION citext VERSION '1.4'", "CREATE EXTENSION cube VERSION '1.2'",
            "CREATE EXTENSION intarray VERSION '1.2'", "CREATE EXTENSION ltree VERSION '1.1'",
            "CREATE EXTENSION isn VERSION '1.1'"};
    private static PgServer trust;
    private static PgServer scram;

    @BeforeAll
    static void servers() {
        assumeTrue(PgBouncer.isInstalled(), "needs Debian's pgbouncer at " + PgBouncer.PROGRAM);
        trust = PgServer.builder(PgInstall.shared()).name("bounced-trust").start();
        scram = PgServer.builder(PgInstall.shared()).name("bounced-scram").password(PASSWORD).start();
    }

    @AfterAll
    static void stop() {
        if (trust != null) {
            trust.close();
        }
        if (scram != null) {
            scram.close();
        }
    }

    @ParameterizedTest(name = "{0}, {1} pooling, ignore options: {2}")
    @CsvSource({
            "trust, session,     false",
            "trust, session,     true",
            "trust, transaction, false",
            "trust, transaction, true",
            "scram, session,     false",
            "scram, session,     true",
            "scram, transaction, false",
            "scram, transaction, true",
    })
    void checkPreflightCheckThroughPgBouncer(String auth, String mode, boolean ignoreOptions) throws Exception {
        PgServer server = auth.equals("trust") ? trust : scram;
        String prefix = "b_" + auth + "_" + mode.charAt(0) + "_" + (ignoreOptions ? "i" : "n") + "_";
        List<String> tenants = List.of(prefix + "1", prefix + "2", prefix + "3", prefix + "4", prefix + "5");
        Servers.createTenants(server, tenants, EXTENSIONS);

        try (PgBouncer bouncer = PgBouncer.builder(server).poolMode(mode).ignoreOptions(ignoreOptions).poolSize(2)
                .start()) {
            String url = url(bouncer, server.password());
            RunReport before = run(url, Mode.CHECK, prefix + "*", ActiveProbes.none(), Duration.ofMinutes(5));
            RunReport preflight = run(url, Mode.PREFLIGHT, prefix + "*", ActiveProbes.none(), Duration.ofMinutes(5));
            RunReport again = run(url, Mode.PREFLIGHT, prefix + "*", ActiveProbes.none(), Duration.ofMinutes(5));
            RunReport after = run(url, Mode.CHECK, prefix + "*", ActiveProbes.none(), Duration.ofMinutes(5));

            assertThat(before.exitCode()).as(before.toString()).isEqualTo(3);
            assertThat(before.summary().driftedExtensions()).isEqualTo(tenants.size() * EXTENSIONS.length);
            assertThat(preflight.exitCode()).as(errors(preflight)).isZero();
            assertThat(preflight.summary().updated()).isEqualTo(tenants.size());
            assertThat(again.exitCode()).as(errors(again)).isZero();
            assertThat(after.exitCode()).as(errors(after)).isZero();
            for (String tenant : tenants) {
                assertThat(Servers.version(server, tenant, "hstore")).isEqualTo("1.8");
            }
        }
    }

    /** Without ignore_startup_parameters the options are refused; extguard connects without them at once. */
    @Test
    void aRefusedOptionsParameterCostsNoWaitAndIsNamed(CliLauncher launcher) throws Exception {
        Servers.createTenants(trust, List.of("refused_options"), "CREATE EXTENSION hstore VERSION '1.4'");
        try (PgBouncer bouncer = PgBouncer.builder(trust).poolMode("transaction").start()) {
            LaunchResult result = launcher.launch("preflight", "--url", url(bouncer, null), "--databases",
                    "refused_options", "--wait", "10m");

            assertThat(result.exitCode()).as(Servers.logs(result)).isZero();
            assertThat(Servers.logs(result)).contains("refuses the startup parameter options")
                    .contains("ignore_startup_parameters = options")
                    .doesNotContain("not up yet");
            assertThat(bouncer.log()).contains("unsupported startup parameter: options");
        }
        assertThat(Servers.version(trust, "refused_options", "hstore")).isEqualTo("1.8");
    }

    /** A statement_timeout dropped on the way is noticed, and still bounds a probe through transaction pooling. */
    @ParameterizedTest(name = "ignore options: {0}")
    @CsvSource({"true", "false"})
    void aLostStatementTimeoutStillBoundsEveryStatement(boolean ignoreOptions) throws Exception {
        String database = "slow_probe_" + ignoreOptions;
        Servers.createTenants(trust, List.of(database), "CREATE EXTENSION hstore");
        ActiveProbes sleepy = new ActiveProbes(Map.of("hstore", "SELECT pg_catalog.pg_sleep(600)"));
        try (PgBouncer bouncer = PgBouncer.builder(trust).poolMode("transaction").ignoreOptions(ignoreOptions).start()) {
            RunReport report = run(url(bouncer, null), Mode.CHECK, database, sleepy, Duration.ofSeconds(1));

            assertThat(report.databases()).hasSize(1);
            assertThat(report.databases().get(0).probeFailures()).singleElement().asString()
                    .contains("canceling statement").contains("57014");
        }
    }

    /**
     * The update transaction sets its own timeouts with SET LOCAL: behind transaction pooling with the
     * options ignored, an update script that hangs is cancelled by the server's statement_timeout
     * (not merely by the client giving up), and the database is rolled back.
     */
    @Test
    void anUpdateTransactionSetsItsOwnStatementTimeoutBehindTransactionPooling() throws Exception {
        try (PgInstall install = PgInstall.create("sleepy-update")) {
            install.putExtensionFile("sleepy.control", "default_version = '1.1'\nrelocatable = true\n");
            install.putExtensionFile("sleepy--1.0.sql", "CREATE FUNCTION sleepy() RETURNS int LANGUAGE sql AS 'SELECT 1';\n");
            install.putExtensionFile("sleepy--1.0--1.1.sql", "SELECT pg_catalog.pg_sleep(600);\n");
            try (PgServer server = PgServer.builder(install).name("sleepy").start();
                 PgBouncer bouncer = PgBouncer.builder(server).poolMode("transaction").ignoreOptions(true).start()) {
                Servers.createTenants(server, List.of("sleepy_db"), "CREATE EXTENSION sleepy VERSION '1.0'");

                RunReport report = run(url(bouncer, null), Mode.PREFLIGHT, "sleepy_db", ActiveProbes.none(),
                        Duration.ofSeconds(2));

                assertThat(report.exitCode()).isEqualTo(1);
                assertThat(report.databases().get(0).error()).contains("rolled back")
                        .contains("canceling statement due to statement timeout").contains("57014");
                assertThat(Servers.version(server, "sleepy_db", "sleepy")).isEqualTo("1.0");
            }
        }
    }

    @Test
    void aWrongPasswordThroughPgBouncerFailsAtOnce(CliLauncher launcher) {
        try (PgBouncer bouncer = PgBouncer.builder(scram).poolMode("transaction").ignoreOptions(true).start()) {
            LaunchResult result = launcher.launch("check", "--url", url(bouncer, "Wr0ng-Guess"), "--wait", "10m");

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(Servers.logs(result)).contains("rejected the credentials of user postgres")
                    .contains("08P01")
                    .doesNotContain("not up yet")
                    .doesNotContain("Wr0ng-Guess");
        }
    }

    @Test
    void aDatabaseUnknownToPgBouncerFailsAtOnce(CliLauncher launcher) {
        try (PgBouncer bouncer = PgBouncer.builder(trust).databases("postgres").start()) {
            String url = "postgresql://postgres@" + bouncer.host() + ":" + bouncer.port() + "/nowhere";

            LaunchResult result = launcher.launch("check", "--url", url, "--wait", "10m");

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(Servers.logs(result)).contains("no such database: nowhere")
                    .contains("without an entry for the maintenance database nowhere")
                    .doesNotContain("not up yet");
        }
    }

    @Test
    void aStartupParameterOfTheUsersOwnThatPgBouncerRefusesFailsAtOnce(CliLauncher launcher) {
        try (PgBouncer bouncer = PgBouncer.builder(trust).start()) {
            LaunchResult result = launcher.launch("check", "--url", url(bouncer, null) + "?options=-c%20work_mem%3D8MB",
                    "--wait", "10m");

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(Servers.logs(result)).contains("unsupported startup parameter: options")
                    .contains("ignore_startup_parameters")
                    .doesNotContain("not up yet");
        }
    }

    private static String url(PgBouncer bouncer, String password) {
        String credentials = password == null ? "postgres" : "postgres:" + password;
        return "postgresql://" + credentials + "@" + bouncer.host() + ":" + bouncer.port() + "/postgres";
    }

    private static RunReport run(String url, Mode mode, String glob, ActiveProbes probes, Duration statementTimeout) {
        RunSettings settings = RunSettings.builder(mode).serverWait(Duration.ofSeconds(10))
                .databases(new NameFilter(List.of(glob), List.of())).statementTimeout(statementTimeout).retries(1)
                .probes(probes).build();
        return new FleetRun(Servers.connection(url), settings, Sleeper.REAL, RunListener.NONE).run();
    }

    private static String errors(RunReport report) {
        List<String> errors = new ArrayList<>();
        for (DatabaseReport db : report.databases()) {
            if (db.error() != null) {
                errors.add(db.database() + ": " + db.error());
            }
        }
        return String.join("\n", errors);
    }
}
