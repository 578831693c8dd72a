package io.extguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.extguard.cli.CliLauncher;
import io.extguard.report.JsonReport;
import io.extguard.testsupport.Cli;
import io.extguard.testsupport.Connections;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.ServerTest;
import io.extguard.testsupport.PgVersions;
import io.quarkus.test.junit.main.LaunchResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check --library-from}: the installed versions from the production server (Debian's
 * PostgreSQL 15), the library facts from a server started from a candidate image, another
 * installation with extension files added, removed or swapped, as a rebuilt image would have them.
 */
@ServerTest
@ExtendWith(CliLauncher.Resolver.class)
class LibraryFromTest {
    private static final String CANDIDATE_PASSWORD = "candidate-Pa55";
    private static PgServer production;
    private static PgServer sameImage;
    private static PgInstall changedInstall;
    private static PgServer changedImage;

    @BeforeAll
    static void productionAndTwoCandidates() throws SQLException {
        production = PgServer.builder(PgInstall.shared()).name("gate-production").start();
        production.execute(PgServer.ADMIN_DATABASE,
                "CREATE ROLE gate LOGIN",
                "ALTER ROLE gate SET default_transaction_read_only = on",
                "CREATE ROLE deployer LOGIN",
                "CREATE DATABASE gate_ltree OWNER deployer");
        production.execute("gate_ltree", "SET ROLE deployer", "CREATE EXTENSION ltree");
        create("gate_current", "CREATE EXTENSION hstore", "CREATE EXTENSION cube");
        create("gate_old_hstore", "CREATE EXTENSION hstore VERSION '1.4'");
        create("gate_downgrade", "CREATE EXTENSION citext");
        create("gate_trgm", "CREATE EXTENSION pg_trgm");
        create("gate_seg", "CREATE EXTENSION seg");

        sameImage = PgServer.builder(PgInstall.shared()).name("gate-same-image").start();

        changedInstall = PgInstall.create("gate-candidate");
        // citext 1.5 is the newest the image offers: older than production's 1.6.
        changedInstall.putExtensionFile("citext.control", control("citext", "1.5", "$libdir/citext", ""));
        changedInstall.removeExtensionFile("citext--1.5--1.6.sql");
        // pg_trgm is gone from the image.
        changedInstall.removeExtensionFile("pg_trgm.control");
        // hstore 1.8 is still offered, but 1.4 no longer leads to it.
        changedInstall.removeExtensionFile("hstore--1.4--1.5.sql");
        // seg 1.5 is new, and requires cube.
        changedInstall.putExtensionFile("seg.control", control("seg", "1.5", "$libdir/seg", ""));
        changedInstall.putExtensionFile("seg--1.4--1.5.sql", "-- seg 1.5: nothing changes but the requirement\n");
        changedInstall.putExtensionFile("seg--1.5.control", "requires = 'cube'\n");
        // ltree 1.3 is new, and no longer trusted: only a superuser may update to it.
        changedInstall.putExtensionFile("ltree.control", control("ltree", "1.3", "$libdir/ltree", ""));
        changedInstall.putExtensionFile("ltree--1.2--1.3.sql", "-- ltree 1.3: nothing changes but the flags\n");
        changedInstall.putExtensionFile("ltree--1.3.control", "trusted = false\nsuperuser = true\n");
        changedImage = PgServer.builder(changedInstall).name("gate-changed-image").password(CANDIDATE_PASSWORD).start();
    }

    @AfterAll
    static void stop() {
        production.close();
        sameImage.close();
        changedImage.close();
        changedInstall.close();
    }

    @Test
    void theSameImageHasNothingToDoWhereEverythingIsAtItsDefault(CliLauncher launcher) {
        LaunchResult result = launcher.launch("check", "--url", gateUrl(), "--databases", "gate_current",
                "--library-from", Connections.url(sameImage));
        assertThat(result.exitCode()).as(Cli.logs(result)).isZero();
        assertThat(result.getOutput()).contains("candidate image's server").contains("Nothing to do");
    }

    @Test
    void updatesThatTheImageMakesPossibleAreExit3(CliLauncher launcher) {
        LaunchResult result = launcher.launch("check", "--url", gateUrl(), "--databases", "gate_old_hstore,gate_current",
                "--library-from", Connections.url(sameImage), "--preflight-role", "postgres");
        assertThat(result.exitCode()).as(Cli.logs(result)).isEqualTo(3);
        assertThat(result.getOutput()).containsPattern("gate_old_hstore +hstore +1\\.4 +1\\.8 +update +the candidate "
                + "image offers 1\\.8, reachable from 1\\.4 by its update scripts");
    }

    @Test
    void everyBreakageIsNamedWithItsReasonAndNothingChangesOnEitherServer(CliLauncher launcher,
                                                                          @TempDir Path dir) throws Exception {
        Map<String, String> productionBefore = extensions(production);
        Map<String, String> candidateBefore = extensions(changedImage);
        Path passwordFile = dir.resolve("candidate-password");
        Files.writeString(passwordFile, CANDIDATE_PASSWORD + "\n");

        LaunchResult result = launcher.launch("check", "--url", gateUrl(), "--databases", "gate_*",
                "--library-from", Connections.url(changedImage), "--library-password-file", passwordFile.toString(),
                "--preflight-role", "postgres", "--output", "json");

        assertThat(result.exitCode()).as(Cli.logs(result)).isEqualTo(1);
        JsonNode json = JsonReport.mapper().readTree(Cli.stdoutJson(result));
        assertThat(reason(json, "gate_downgrade", "citext")).isEqualTo("the candidate image offers citext 1.5, older "
                + "than the installed 1.6: extensions cannot be downgraded; this rollout needs a restore to roll back");
        assertThat(reason(json, "gate_trgm", "pg_trgm")).contains("every use of pg_trgm would fail after the rollout");
        assertThat(reason(json, "gate_old_hstore", "hstore"))
                .startsWith("the candidate image has no update script from 1.4 to 1.8");
        assertThat(reason(json, "gate_seg", "seg")).isEqualTo("the candidate image's seg 1.5 requires extension cube, "
                + "which is not installed in this database: the update would fail after the rollout; create cube first");
        assertThat(action(json, "gate_current", "hstore")).isEqualTo("NONE");

        JsonNode candidate = json.path("candidate");
        assertThat(candidate.path("server").asText()).contains(String.valueOf(changedImage.port()))
                .doesNotContain(CANDIDATE_PASSWORD);
        assertThat(candidate.path("serverVersion").asText()).startsWith("15.");
        assertThat(candidate.path("extensions").path("seg").asText()).isEqualTo("1.5");
        assertThat(candidate.path("extensions").path("citext").asText()).isEqualTo("1.5");
        assertThat(candidate.path("extensions").path("hstore").asText()).isEqualTo("1.8");
        assertThat(candidate.path("extensions").has("pg_trgm")).isFalse();
        assertThat(Cli.logs(result)).doesNotContain(CANDIDATE_PASSWORD);

        assertThat(extensions(production)).isEqualTo(productionBefore);
        assertThat(extensions(changedImage)).isEqualTo(candidateBefore);
    }

    @Test
    void aReadOnlyRoleForeseesThePrivilegesOfTheRolePreflightRunsAs(CliLauncher launcher) throws Exception {
        // As itself, the read-only role could update nothing it does not own.
        LaunchResult asGate = launcher.launch("check", "--url", gateUrl(), "--databases", "gate_old_hstore",
                "--library-from", Connections.url(sameImage), "--output", "json");
        assertThat(asGate.exitCode()).as(Cli.logs(asGate)).isEqualTo(1);
        assertThat(blocked(JsonReport.mapper().readTree(Cli.stdoutJson(asGate)), "gate_old_hstore", "hstore"))
                .isEqualTo("must be the owner of extension hstore (owned by postgres)");

        // deployer owns ltree in gate_ltree; the candidate's ltree 1.3 is no longer trusted.
        Path passwordFile = Files.createTempFile("candidate", ".pw");
        Files.writeString(passwordFile, CANDIDATE_PASSWORD);
        LaunchResult asDeployer = launcher.launch("check", "--url", gateUrl(), "--databases", "gate_ltree",
                "--library-from", Connections.url(changedImage), "--library-password-file", passwordFile.toString(),
                "--preflight-role", "deployer", "--output", "json");
        assertThat(asDeployer.exitCode()).as(Cli.logs(asDeployer)).isEqualTo(1);
        assertThat(blocked(JsonReport.mapper().readTree(Cli.stdoutJson(asDeployer)), "gate_ltree", "ltree"))
                .isEqualTo("needs a superuser: ltree is not trusted");

        LaunchResult asSuperuser = launcher.launch("check", "--url", gateUrl(), "--databases", "gate_ltree",
                "--library-from", Connections.url(changedImage), "--library-password-file", passwordFile.toString(),
                "--preflight-role", "postgres");
        assertThat(asSuperuser.exitCode()).as(Cli.logs(asSuperuser)).isEqualTo(3);

        LaunchResult typo = launcher.launch("check", "--url", gateUrl(), "--preflight-role", "deployr");
        assertThat(typo.exitCode()).as(Cli.logs(typo)).isEqualTo(2);
        assertThat(Cli.logs(typo)).contains("No role deployr").contains("deployer");
        Files.delete(passwordFile);
    }

    @Test
    void aCandidateOfAnotherMajorVersionIsPlannedAndNamedAMajorUpgrade(CliLauncher launcher) throws Exception {
        try (PgServer postgres17 = PgServer.builder(PgVersions.install("17.5.0")).name("gate-pg17").start()) {
            LaunchResult result = launcher.launch("check", "--url", gateUrl(), "--databases", "gate_current,gate_trgm",
                    "--library-from", Connections.url(postgres17), "--preflight-role", "postgres", "--output", "json");

            assertThat(result.exitCode()).as(Cli.logs(result)).isZero();
            JsonNode json = JsonReport.mapper().readTree(Cli.stdoutJson(result));
            assertThat(json.path("candidate").path("majorVersion").asInt()).isEqualTo(17);
            assertThat(json.path("candidate").path("serverVersion").asText()).startsWith("17.5");
            assertThat(json.path("candidate").path("extensions").path("hstore").asText()).isEqualTo("1.8");
            assertThat(json.path("warnings").findValuesAsText("code")).contains("MAJOR_UPGRADE");
            assertThat(json.path("warnings").findValuesAsText("message")).anyMatch(m -> m.startsWith(
                    "The candidate image runs PostgreSQL 17.5 and the production server PostgreSQL 15."));
            assertThat(action(json, "gate_trgm", "pg_trgm")).isEqualTo("NONE");
        }
    }

    @Test
    void theProductionPasswordIsNeverOfferedToTheCandidate(CliLauncher launcher, @TempDir Path dir)
            throws Exception {
        Path productionPassword = dir.resolve("production-password");
        Files.writeString(productionPassword, CANDIDATE_PASSWORD + "\n");
        LaunchResult result = launcher.launch("check", "--url", gateUrl(), "--password-file",
                productionPassword.toString(), "--databases", "gate_current", "--library-from", Connections.url(changedImage));
        assertThat(result.exitCode()).as(Cli.logs(result)).isEqualTo(1);
        assertThat(Cli.logs(result)).contains("The candidate image's server (--library-from)")
                .contains("asks for a password");
    }

    @Test
    void aPinMustNameAnExtensionTheCandidateOffers(CliLauncher launcher, @TempDir Path dir) throws Exception {
        Path passwordFile = dir.resolve("candidate-password");
        Files.writeString(passwordFile, CANDIDATE_PASSWORD);
        LaunchResult result = launcher.launch("check", "--url", gateUrl(), "--databases", "gate_trgm",
                "--library-from", Connections.url(changedImage), "--library-password-file", passwordFile.toString(),
                "--pin", "pg_trgm=1.6");
        assertThat(result.exitCode()).as(Cli.logs(result)).isEqualTo(2);
        assertThat(Cli.logs(result)).contains("No extension 'pg_trgm' on the candidate image's server (--library-from)");
    }

    @Test
    void libraryFromIsForCheckOnly(CliLauncher launcher) {
        LaunchResult preflight = launcher.launch("preflight", "--url", gateUrl(), "--library-from",
                Connections.url(sameImage));
        assertThat(preflight.exitCode()).as(Cli.logs(preflight)).isEqualTo(2);
        assertThat(Cli.logs(preflight)).contains("--library-from").contains("is for check only");

        LaunchResult role = launcher.launch("preflight", "--url", gateUrl(), "--preflight-role", "postgres");
        assertThat(role.exitCode()).as(Cli.logs(role)).isEqualTo(2);
        assertThat(Cli.logs(role)).contains("--preflight-role").contains("is for check only");

        LaunchResult sql = launcher.launch("preflight", "--url", gateUrl(), "--output", "sql");
        assertThat(sql.exitCode()).as(Cli.logs(sql)).isEqualTo(2);
        assertThat(Cli.logs(sql)).contains("--output=sql is for check only");
    }

    @Test
    void theScriptOfAGateSaysItIsForAfterTheRollout(CliLauncher launcher) {
        LaunchResult result = launcher.launch("check", "--url", gateUrl(), "--databases", "gate_old_hstore",
                "--library-from", Connections.url(sameImage), "--preflight-role", "postgres", "--output", "sql");
        assertThat(result.exitCode()).as(Cli.logs(result)).isEqualTo(3);
        String script = PsqlScripts.script(result);
        assertThat(script).contains("Library facts from the candidate image's server")
                .contains("\\set ON_ERROR_STOP on")
                .contains("ALTER EXTENSION \"hstore\" UPDATE TO '1.8';");
    }

    private static void create(String database, String... sql) throws SQLException {
        production.createDatabase(database);
        production.execute(database, sql);
    }

    /** A role that can read the catalogs and write nothing, as a CI job's production role would. */
    private static String gateUrl() {
        return "postgresql://gate@" + production.host() + ":" + production.port() + "/postgres";
    }

    private static String control(String name, String version, String module, String extra) {
        return "comment = 'candidate image " + name + "'\ndefault_version = '" + version + "'\nmodule_pathname = '"
                + module + "'\nrelocatable = true\ntrusted = true\n" + extra;
    }

    /** database/extension to version, over every database of a server. */
    private static Map<String, String> extensions(PgServer server) throws SQLException {
        Map<String, String> all = new LinkedHashMap<>();
        List<String> databases = new ArrayList<>(server.databases());
        assertThat(databases).isNotEmpty();
        for (String db : databases) {
            all.put(db, server.queryString(db, "SELECT string_agg(extname || ' ' || extversion, ', ' ORDER BY extname)"
                    + " FROM pg_extension"));
        }
        return all;
    }

    private static JsonNode entry(JsonNode json, String database, String extension) {
        for (JsonNode db : json.path("databases")) {
            if (db.path("database").asText().equals(database)) {
                for (JsonNode e : db.path("plan")) {
                    if (e.path("extension").asText().equals(extension)) {
                        return e;
                    }
                }
            }
        }
        throw new AssertionError("No plan entry for " + extension + " in " + database + ": " + json);
    }

    private static String reason(JsonNode json, String database, String extension) {
        JsonNode e = entry(json, database, extension);
        assertThat(e.path("action").asText()).as(database + "/" + extension).isEqualTo("ERROR");
        return e.path("reason").asText();
    }

    private static String blocked(JsonNode json, String database, String extension) {
        JsonNode e = entry(json, database, extension);
        assertThat(e.path("action").asText()).as(database + "/" + extension).isEqualTo("BLOCKED");
        return e.path("reason").asText();
    }

    private static String action(JsonNode json, String database, String extension) {
        return entry(json, database, extension).path("action").asText();
    }
}
