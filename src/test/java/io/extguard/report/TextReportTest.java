package io.extguard.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.model.DatabaseReport;
import io.extguard.model.DatabaseStatus;
import io.extguard.model.Action;
import io.extguard.model.PlanEntry;
import io.extguard.model.Mode;
import io.extguard.model.OnFailure;
import io.extguard.model.RunReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextReportTest {
    private static final String SERVER = "postgres@db:5432/postgres (sslmode=require)";
    private static final String HOSTILE_DB = "evil\nINFO all databases up to date";

    private static DatabaseReport database(String name, DatabaseStatus status, PlanEntry... plan) {
        return new DatabaseReport(name, status, List.of(plan), List.of(), null, 1, 5);
    }

    private static PlanEntry entry(String db, String extension, String installed, String target, Action action, String why) {
        return new PlanEntry(db, extension, installed, target, action, why);
    }

    private static String render(DatabaseReport... databases) {
        RunReport report = RunReport.of(Mode.CHECK, SERVER, "2025-01-01T00:00:00Z", 10, List.of(databases), OnFailure.FAIL);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TextReport.print(report, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static List<String> lines(String text) {
        return text.lines().toList();
    }

    private static String lineContaining(String text, String needle) {
        return lines(text).stream().filter(l -> l.contains(needle)).findFirst()
                .orElseThrow(() -> new AssertionError("no line contains " + needle + " in:\n" + text));
    }

    private static String sampleReport() {
        return render(
                database("app", DatabaseStatus.DRIFTED,
                        entry("app", "cube", "1.4", "1.5", Action.UPDATE, "the library's default version is 1.5"),
                        entry("app", "pg_trgm", "1.6", "1.6", Action.NONE, "at the library's default version")),
                database("clean", DatabaseStatus.UP_TO_DATE,
                        entry("clean", "cube", "1.5", "1.5", Action.NONE, "at the library's default version")),
                database(HOSTILE_DB, DatabaseStatus.FAILED,
                        entry(HOSTILE_DB, "plv8", "3.1.10", null, Action.ERROR, "no control file"),
                        entry(HOSTILE_DB, "postgis", null, "3.4.2", Action.CREATE, "ensured but not installed")));
    }

    @Test
    void theTableStartsAtOnceBecauseTheLogAlreadyNamesTheServer() {
        assertThat(lines(sampleReport()).get(0)).startsWith("DATABASE");
        assertThat(sampleReport()).doesNotContain(SERVER);
    }

    @Test
    void driftAndErrorRowsAreShownWithVersionsActionAndReason() {
        String text = sampleReport();

        assertThat(lineContaining(text, "cube"))
                .contains("app", "1.4", "1.5", "update", "the library's default version is 1.5");
        assertThat(lineContaining(text, "plv8")).contains("3.1.10", "error", "no control file");
        assertThat(lineContaining(text, "postgis")).contains("create", "3.4.2");
    }

    @Test
    void upToDateRowsAreNotShown() {
        String text = sampleReport();

        assertThat(text).doesNotContain("pg_trgm");
        assertThat(lines(text)).noneMatch(l -> l.startsWith("clean"));
    }

    @Test
    void columnsAreAligned() {
        String text = sampleReport();
        String header = lineContaining(text, "DATABASE");
        String cubeRow = lineContaining(text, "cube");

        assertThat(header).startsWith("DATABASE");
        assertThat(cubeRow.indexOf("cube")).isEqualTo(header.indexOf("EXTENSION"));
        assertThat(cubeRow.indexOf("update")).isEqualTo(header.indexOf("ACTION"));
        assertThat(lineContaining(text, "plv8").indexOf("error")).isEqualTo(header.indexOf("ACTION"));
    }

    @Test
    void hostileDatabaseNameIsEscapedAndCannotForgeALine() {
        String text = sampleReport();

        assertThat(lineContaining(text, "plv8")).startsWith("\"evil\\nINFO all databases up to date\"");
        assertThat(lines(text)).noneMatch(l -> l.startsWith("INFO"));
    }

    @Test
    void summaryLineCountsDatabasesAndExtensions() {
        assertThat(lines(sampleReport())).last()
                .isEqualTo("3 databases checked in 10ms: 1 up to date, 1 drifted (2 extensions), 1 failed, 0 skipped");
    }

    @Test
    void summaryLineSaysOneDatabaseAndOneExtensionInTheSingular() {
        String text = render(database("app", DatabaseStatus.DRIFTED,
                entry("app", "cube", "1.4", "1.5", Action.UPDATE, "the library's default version is 1.5")));

        assertThat(lines(text)).last()
                .isEqualTo("1 database checked in 10ms: 0 up to date, 1 drifted (1 extension), 0 failed, 0 skipped");
    }

    @Test
    void nothingToDoWhenEverythingIsUpToDate() {
        String text = render(database("app", DatabaseStatus.UP_TO_DATE,
                entry("app", "cube", "1.5", "1.5", Action.NONE, "at the library's default version")));

        assertThat(text).contains("Nothing to do").doesNotContain("DATABASE").doesNotContain("cube");
    }

    @Test
    void databaseThatFailedBeforePlanningOrWasSkippedGetsARow() {
        String text = render(
                new DatabaseReport("broken", DatabaseStatus.FAILED, List.of(), List.of(),
                        "permission denied for database broken [42501]", 1, 5),
                new DatabaseReport("gone", DatabaseStatus.SKIPPED, List.of(), List.of(),
                        "the database was dropped after discovery", 1, 5));

        assertThat(lineContaining(text, "broken")).contains("error", "permission denied");
        assertThat(lineContaining(text, "gone")).contains("skipped", "dropped after discovery");
    }
}
