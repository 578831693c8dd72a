package io.extguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.cli.CliLauncher;
import io.extguard.testsupport.Cli;
import io.extguard.testsupport.Connections;
import io.extguard.testsupport.HostileNames;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.ServerTest;
import io.quarkus.test.junit.main.LaunchResult;
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
 * {@code check --output sql}, run with the real psql ({@code psql -X -f}), leaves every database
 * where preflight leaves it, including databases whose names break naive quoting in {@code \connect}.
 */
@ServerTest
@ExtendWith(CliLauncher.Resolver.class)
class SqlOutputTest {
    private static final String[] OLD_EXTENSIONS = {
        "CREATE EXTENSION hstore VERSION '1.4'",
        "CREATE EXTENSION pg_trgm VERSION '1.3'",
        "CREATE EXTENSION cube VERSION '1.4'",
        "CREATE EXTENSION earthdistance"};
    private static final String VERSIONS = "SELECT string_agg(extname || ' ' || extversion, ', ' ORDER BY extname)"
            + " FROM pg_extension";
    private static final List<String> SCRIPTED = new ArrayList<>();
    private static PgServer server;

    @BeforeAll
    static void databasesWithOldExtensions() throws SQLException {
        server = PgServer.builder(PgInstall.shared()).name("sql-output").start();
        SCRIPTED.add("script_plain");
        SCRIPTED.addAll(HostileNames.DATABASES);
        Tenants.create(server, SCRIPTED, OLD_EXTENSIONS);
        Tenants.create(server, List.of("preflight_reference"), OLD_EXTENSIONS);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theScriptRunByPsqlLeavesEveryDatabaseWherePreflightDoes(CliLauncher launcher, @TempDir Path dir)
            throws Exception {
        LaunchResult check = launcher.launch("check", "--url", Connections.url(server),
                "--exclude-databases", "preflight_reference", "--output", "sql");
        assertThat(check.exitCode()).as(Cli.logs(check)).isEqualTo(3);
        String script = PsqlScripts.script(check);
        assertThat(script).startsWith("-- extguard check: the plan as a psql script.")
                .contains("\n\\set ON_ERROR_STOP on\n")
                .contains("-- hstore 1.4 -> 1.8: the library's default version is 1.8\n"
                        + "ALTER EXTENSION \"hstore\" UPDATE TO '1.8';")
                .doesNotContain("preflight_reference");
        assertThat(script.lines().filter(l -> l.startsWith("\\connect "))).hasSize(SCRIPTED.size());
        // What follows a line break inside a name never starts a line of the script (psql reads lines).
        List<String> afterBreaks = SCRIPTED.stream().filter(n -> n.matches("(?s).*[\\n\\r].*"))
                .map(n -> n.split("[\\n\\r]", 2)[1]).toList();
        assertThat(afterBreaks).isNotEmpty();
        assertThat(script.split("[\\n\\r]")).noneMatch(l -> afterBreaks.stream().anyMatch(l::startsWith));

        LaunchResult preflight = launcher.launch("preflight", "--url", Connections.url(server),
                "--databases", "preflight_reference");
        assertThat(preflight.exitCode()).as(Cli.logs(preflight)).isZero();

        PsqlScripts.Run psql = PsqlScripts.run(server, script, dir);
        assertThat(psql.exitCode()).as(psql.output()).isZero();

        String expected = server.queryString("preflight_reference", VERSIONS);
        assertThat(expected).isEqualTo("cube 1.5, earthdistance 1.1, hstore 1.8, pg_trgm 1.6, plpgsql 1.0");
        assertThat(SCRIPTED).isNotEmpty();
        for (String db : SCRIPTED) {
            assertThat(server.queryString(db, VERSIONS)).as(db).isEqualTo(expected);
        }
        LaunchResult after = launcher.launch("check", "--url", Connections.url(server));
        assertThat(after.exitCode()).as(Cli.logs(after)).isZero();

        LaunchResult nothing = launcher.launch("check", "--url", Connections.url(server), "--output", "sql");
        assertThat(nothing.exitCode()).as(Cli.logs(nothing)).isZero();
        assertThat(PsqlScripts.script(nothing)).doesNotContain("\\connect").doesNotContain("ALTER EXTENSION");
    }
}
