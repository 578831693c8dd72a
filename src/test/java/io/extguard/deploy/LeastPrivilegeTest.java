package io.extguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.extguard.model.DatabaseReport;
import io.extguard.model.DatabaseStatus;
import io.extguard.model.Result;
import io.extguard.model.UpdateOutcome;
import io.extguard.model.Action;
import io.extguard.report.TextReport;
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
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A role that is not a superuser ({@code app}) owns some databases and extensions and not others:
 * check foresees what it may not update, preflight updates the rest and attempts none of those,
 * and a database it may not connect to is named. hstore is trusted in contrib, pageinspect is not.
 */
@ServerTest
class LeastPrivilegeTest {
    private static PgServer server;

    @BeforeAll
    static void rolesAndDatabases() throws Exception {
        server = PgServer.builder(PgInstall.shared()).name("least-privilege").start();
        server.execute(PgServer.ADMIN_DATABASE,
                "CREATE ROLE app LOGIN", "CREATE ROLE app_owner LOGIN",
                "CREATE DATABASE lp_mine OWNER app", "CREATE DATABASE lp_theirs OWNER app_owner",
                "CREATE DATABASE lp_untrusted OWNER app", "CREATE DATABASE lp_closed OWNER app_owner",
                "REVOKE CONNECT ON DATABASE lp_closed FROM PUBLIC");
        // app creates the trusted hstore in its own database, so it owns it.
        server.execute("lp_mine", "SET ROLE app", "CREATE EXTENSION hstore VERSION '1.4'");
        server.execute("lp_theirs", "SET ROLE app_owner", "CREATE EXTENSION hstore VERSION '1.4'",
                "RESET ROLE", "CREATE EXTENSION pageinspect VERSION '1.5'");
        // pageinspect needs a superuser to create; hand it to app the only way there is, so app owns an untrusted one.
        server.execute("lp_untrusted", "CREATE EXTENSION pageinspect VERSION '1.5'",
                "UPDATE pg_catalog.pg_extension SET extowner = 'app'::regrole WHERE extname = 'pageinspect'");
        server.execute("lp_closed", "CREATE EXTENSION hstore VERSION '1.4'");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String urlAs(String role) {
        return "postgresql://" + role + "@" + Servers.hostPort(server) + "/postgres";
    }

    /** check foresees, preflight updates the rest, check again: in this order, on the same databases. */
    @Test
    void checkForeseesPreflightUpdatesTheRestAndAttemptsNoneOfTheBlocked() throws Exception {
        RunReport check = Servers.run(urlAs("app"), Mode.CHECK, "lp_*");
        RunReport preflight = Servers.run(urlAs("app"), Mode.PREFLIGHT, "lp_*");
        RunReport after = Servers.run(urlAs("app"), Mode.CHECK, "lp_*");

        assertCheckForesawTheBlocks(check);
        assertPreflightUpdatedOnlyWhatItMay(preflight);
        assertThat(after.exitCode()).isEqualTo(1);
        assertThat(entries(after)).filteredOn(t -> t.toList().get(2) != Action.NONE).extracting(t -> t.toList().get(2))
                .isNotEmpty().containsOnly(Action.BLOCKED);
    }

    private static void assertCheckForesawTheBlocks(RunReport report) {
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(entries(report)).contains(
                tuple("lp_mine", "hstore", Action.UPDATE, "the library's default version is 1.8"),
                tuple("lp_theirs", "hstore", Action.BLOCKED, "must be the owner of extension hstore (owned by app_owner)"),
                tuple("lp_theirs", "pageinspect", Action.BLOCKED,
                        "must be the owner of extension pageinspect (owned by postgres)"),
                tuple("lp_untrusted", "pageinspect", Action.BLOCKED, "needs a superuser: pageinspect is not trusted"));
        DatabaseReport closed = database(report, "lp_closed");
        assertThat(closed.status()).isEqualTo(DatabaseStatus.FAILED);
        assertThat(closed.attempts()).isZero();
        assertThat(closed.error()).isEqualTo("blocked: no CONNECT privilege on database lp_closed for role app "
                + "(GRANT CONNECT ON DATABASE \"lp_closed\" TO \"app\"), or leave it out with --exclude-databases");
        assertThat(text(report)).contains("blocked").contains("needs a superuser: pageinspect is not trusted")
                .contains("no CONNECT privilege on database lp_closed");
    }

    private static void assertPreflightUpdatedOnlyWhatItMay(RunReport report) throws Exception {
        assertThat(report.exitCode()).isEqualTo(1);
        List<UpdateOutcome> outcomes = report.databases().stream().flatMap(d -> d.outcomes().stream()).toList();
        assertThat(outcomes).extracting(UpdateOutcome::database, UpdateOutcome::extension, UpdateOutcome::result)
                .containsExactlyInAnyOrder(
                        tuple("lp_mine", "hstore", Result.UPDATED),
                        tuple("lp_theirs", "hstore", Result.NOT_ATTEMPTED),
                        tuple("lp_theirs", "pageinspect", Result.NOT_ATTEMPTED),
                        tuple("lp_untrusted", "pageinspect", Result.NOT_ATTEMPTED));
        assertThat(Servers.version(server, "lp_mine", "hstore")).isEqualTo("1.8");
        assertThat(Servers.version(server, "lp_theirs", "hstore")).isEqualTo("1.4");
        assertThat(Servers.version(server, "lp_untrusted", "pageinspect")).isEqualTo("1.5");
        assertThat(server.log()).doesNotContain("must be owner of extension").doesNotContain("permission denied");
    }

    /** RDS's master user is no superuser, yet RDS's hooks let it update allow-listed extensions: nothing is foreseen. */
    @Test
    void aMemberOfRdsSuperuserIsLeftToTheServersOwnRules() throws Exception {
        server.execute(PgServer.ADMIN_DATABASE, "CREATE ROLE rds_superuser NOLOGIN", "CREATE ROLE rds_admin LOGIN",
                "GRANT rds_superuser TO rds_admin");

        RunReport report = Servers.run(urlAs("rds_admin"), Mode.CHECK, "lp_untrusted");

        assertThat(entries(report)).contains(tuple("lp_untrusted", "pageinspect", Action.UPDATE,
                "the library's default version is 1.11"));
        assertThat(report.exitCode()).isEqualTo(3);
    }

    @Test
    void theSidecarCountsABlockedChangeAsDriftAndSaysWhy() {
        DriftWatcher watcher = new DriftWatcher(Servers.connection(urlAs("app")),
                Servers.settings(Mode.CHECK, "lp_theirs", java.time.Duration.ZERO),
                new SidecarSettings(null, java.time.Duration.ofMinutes(10), true, true), Clock.systemUTC(),
                SidecarEvents.NONE);

        watcher.checkNow();

        assertThat(watcher.status().state()).isEqualTo(HealthState.Degraded);
        assertThat(watcher.status().message()).contains(
                "lp_theirs (hstore 1.4 expected 1.8) blocked: must be the owner of extension hstore (owned by app_owner)");
        assertThat(watcher.status().drift()).extracting(DriftStatus.Drift::extension)
                .containsExactlyInAnyOrder("hstore", "pageinspect");
    }

    @Test
    void aSuperuserIsBlockedByNothing() {
        RunReport report = Servers.run(urlAs("postgres"), Mode.CHECK, "lp_untrusted");

        assertThat(entries(report)).contains(tuple("lp_untrusted", "pageinspect", Action.UPDATE,
                "the library's default version is 1.11"));
        assertThat(report.exitCode()).isEqualTo(3);
    }

    private static List<org.assertj.core.groups.Tuple> entries(RunReport report) {
        return report.databases().stream().flatMap(d -> d.plan().stream())
                .map(e -> tuple(e.database(), e.extension(), e.action(), e.reason())).toList();
    }

    private static DatabaseReport database(RunReport report, String name) {
        return report.databases().stream().filter(d -> d.database().equals(name)).findFirst().orElseThrow();
    }

    private static String text(RunReport report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TextReport.print(report, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

}
