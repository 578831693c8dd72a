package io.extguard.faults;

import io.extguard.cli.CliLauncher;
import io.extguard.testsupport.Cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.extguard.report.JsonReport;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.ServerTest;
import io.extguard.util.Names;
import io.extguard.testsupport.Connections;
import io.quarkus.test.junit.main.LaunchResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile database, schema and extension names through check and preflight: the plan, the log
 * lines and the JSON report render every name safely (no name can start a line of its own), the
 * JSON carries each name exactly, and no statement is built from a name without quoting, so
 * the database called victim survives every command and the server logged no SQL error.
 */
@ExtendWith(CliLauncher.Resolver.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ServerTest
class HostileNamesTest {
    private static final Pattern LOG_LINE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\S* +(TRACE|DEBUG|INFO|WARN|ERROR|FATAL) .*");
    /** Characters that end or reorder a line in some terminal, log shipper or viewer. */
    private static final List<String> RAW_CONTROLS = List.of("\r", "\t", "\u2028", "\u2029", "\u202E", "\u0085", "\u000B", "\f");

    private static HostileFleet fleet;
    private static PgServer server;
    private static int serverLogStart;

    @BeforeAll
    static void hostileFleet() throws Exception {
        fleet = HostileFleet.create("faults-hostile", "log_statement = 'all'",
                "log_line_prefix = '%m [%p] app=%a %q%u@%d '");
        server = fleet.server;
        serverLogStart = server.log().length();
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    @Order(1)
    void theCheckTableGivesEachNameOneEscapedRowStartAndNoNameBreaksALine(CliLauncher launcher) throws Exception {
        LaunchResult check = launcher.launch("check", "--url", Connections.url(server));

        assertThat(check.exitCode()).as(Cli.logs(check)).isEqualTo(3);
        String out = Cli.logs(check);
        assertNoRawControls(out);
        Set<String> rowStarts = new HashSet<>();
        for (String db : HostileFleet.all()) {
            rowStarts.add(Names.display(db));
            assertThat(check.getOutput()).as(db).containsPattern(Pattern.quote(Names.display(db)) + " +"
                    + Pattern.quote(Names.display(HostileFleet.EXTENSION)) + " +1\\.0 +2\\.0 'beta' +update");
            assertThat(check.getOutput()).as(db).containsPattern(Pattern.quote(Names.display(db)) + " +hstore +1\\.4 +1\\.8 +update");
        }
        List<String> forged = new ArrayList<>();
        for (String line : out.split("\n", -1)) {
            boolean known = line.isEmpty() || LOG_LINE.matcher(line).matches() || line.startsWith("DATABASE ")
                    || line.startsWith("extguard check against ") || line.matches("\\d+ databases? checked in .*")
                    || rowStarts.stream().anyMatch(start -> line.startsWith(start + " "));
            if (!known) {
                forged.add(line);
            }
        }
        assertThat(forged).as("lines that are neither a log line nor a row starting with a database's name").isEmpty();
        fleet.assertAllDatabasesSurvive();
    }

    @Test
    @Order(2)
    void theJsonPlanCarriesEveryNameExactly(CliLauncher launcher) throws Exception {
        LaunchResult check = launcher.launch("check", "--url", Connections.url(server), "--output", "json");

        assertThat(check.exitCode()).as(Cli.logs(check)).isEqualTo(3);
        JsonNode report = JsonReport.mapper().readTree(Cli.stdoutJson(check));
        List<String> databases = new ArrayList<>();
        for (JsonNode db : report.path("databases")) {
            databases.add(db.path("database").asText());
            for (JsonNode entry : db.path("plan")) {
                assertThat(entry.path("database").asText()).isEqualTo(db.path("database").asText());
            }
        }
        List<String> expected = new ArrayList<>(HostileFleet.all());
        expected.addAll(List.of(PgServer.ADMIN_DATABASE, "template1"));
        assertThat(databases).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(report.findValuesAsText("extension")).contains(HostileFleet.EXTENSION);
        assertThat(report.findValuesAsText("target")).contains(HostileFleet.NEW_VERSION);
        fleet.assertAllDatabasesSurvive();
    }

    @Test
    @Order(3)
    void preflightUpdatesEveryHostileDatabaseAndItsLogLinesAndReportStaySafe(CliLauncher launcher,
                                                                            @TempDir Path dir) throws Exception {
        Path reportFile = dir.resolve("report.json");

        LaunchResult preflight = launcher.launch("preflight", "--url", Connections.url(server), "--report", reportFile.toString());

        String logs = Cli.logs(preflight);
        assertThat(preflight.exitCode()).as(logs).isZero();
        assertNoRawControls(logs);
        for (String line : logs.split("\n", -1)) {
            assertThat(line.isEmpty() || LOG_LINE.matcher(line).matches())
                    .as("every line is a whole log line: %s", line).isTrue();
        }
        for (String db : HostileFleet.all()) {
            String prefix = "[" + Names.display(db) + "] ";
            assertThat(logs).contains(prefix + "Updated extension hstore from 1.4 to 1.8")
                    .contains(prefix + "Updated extension " + Names.display(HostileFleet.EXTENSION) + " from 1.0 to 2.0 'beta'");
        }
        JsonNode report = JsonReport.mapper().readTree(Files.readString(reportFile));
        assertThat(report.path("exitCode").asInt()).isZero();
        List<String> updated = new ArrayList<>();
        for (JsonNode db : report.path("databases")) {
            for (JsonNode outcome : db.path("outcomes")) {
                assertThat(outcome.path("result").asText()).isEqualTo("UPDATED");
                updated.add(outcome.path("database").asText() + "/" + outcome.path("extension").asText());
            }
        }
        List<String> expected = new ArrayList<>();
        for (String db : HostileFleet.all()) {
            expected.add(db + "/hstore");
            expected.add(db + "/" + HostileFleet.EXTENSION);
        }
        assertThat(updated).containsExactlyInAnyOrderElementsOf(expected);
        fleet.assertAllDatabasesSurvive();
        fleet.assertUpdatedInPlace();

        LaunchResult after = launcher.launch("check", "--url", Connections.url(server));
        assertThat(after.exitCode()).as(Cli.logs(after)).isZero();
    }

    @Test
    @Order(4)
    void theServerSawOnlyQuotedNamesAndNoSqlErrorFromExtguard() {
        String log = server.log().substring(serverLogStart);
        // The server's log indents a statement's continuation lines with a tab.
        assertThat(log).contains("ALTER EXTENSION \"we\"\"ird ext;\n\t✓\" UPDATE TO '2.0 ''beta'''");
        List<String> errors = log.lines().filter(l -> l.contains("app=extguard") && l.contains("ERROR:")).toList();
        assertThat(errors).isEmpty();
    }

    private static void assertNoRawControls(String text) {
        for (String control : RAW_CONTROLS) {
            assertThat(text).as("raw U+%04X in the output", (int) control.charAt(0)).doesNotContain(control);
        }
    }
}
