package io.extguard.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunReportTest {

    private static PlanEntry upToDate(String db) {
        return new PlanEntry(db, "pg_trgm", "1.6", "1.6", Action.NONE, "at the library's default version");
    }

    private static PlanEntry drift(String db) {
        return new PlanEntry(db, "cube", "1.4", "1.5", Action.UPDATE, "the library's default version is 1.5");
    }

    private static PlanEntry planError(String db) {
        return new PlanEntry(db, "plv8", "3.1.10", null, Action.ERROR, "no control file");
    }

    private static DatabaseReport database(String name, DatabaseStatus status, PlanEntry... plan) {
        return new DatabaseReport(name, status, List.of(plan), List.of(), null, 1, 5);
    }

    private static DatabaseReport upToDateDb(String name) {
        return database(name, DatabaseStatus.UP_TO_DATE, upToDate(name));
    }

    private static DatabaseReport driftedDb(String name) {
        return database(name, DatabaseStatus.DRIFTED, drift(name), upToDate(name));
    }

    private static DatabaseReport failedDb(String name) {
        return database(name, DatabaseStatus.FAILED, planError(name));
    }

    private static DatabaseReport updatedDb(String name) {
        UpdateOutcome outcome = new UpdateOutcome(name, "cube", "1.4", "1.5", Result.UPDATED, null);
        return new DatabaseReport(name, DatabaseStatus.UPDATED, List.of(drift(name)), List.of(outcome), null, 1, 5);
    }

    private static int exitCode(Mode mode, OnFailure onFailure, DatabaseReport... databases) {
        return RunReport.of(mode, "postgres@db:5432/postgres", "2025-01-01T00:00:00Z", 10, List.of(databases), onFailure)
                .exitCode();
    }

    @Test
    void checkWithEverythingUpToDateExitsZero() {
        assertThat(exitCode(Mode.CHECK, OnFailure.FAIL, upToDateDb("a"), upToDateDb("b"))).isZero();
    }

    @Test
    void checkWithDriftExitsThree() {
        assertThat(exitCode(Mode.CHECK, OnFailure.FAIL, upToDateDb("a"), driftedDb("b"))).isEqualTo(3);
    }

    @Test
    void anyFailureExitsOneEvenWithDrift() {
        assertThat(exitCode(Mode.CHECK, OnFailure.FAIL, driftedDb("a"), failedDb("b"))).isEqualTo(1);
        assertThat(exitCode(Mode.PREFLIGHT, OnFailure.FAIL, updatedDb("a"), failedDb("b"))).isEqualTo(1);
    }

    @Test
    void warnTurnsFailuresIntoExitZero() {
        assertThat(exitCode(Mode.CHECK, OnFailure.WARN, failedDb("a"), upToDateDb("b"))).isZero();
        assertThat(exitCode(Mode.PREFLIGHT, OnFailure.WARN, failedDb("a"), updatedDb("b"))).isZero();
    }

    @Test
    void warnStillReportsDriftInCheck() {
        assertThat(exitCode(Mode.CHECK, OnFailure.WARN, failedDb("a"), driftedDb("b"))).isEqualTo(3);
    }

    /** A database with drift and a plan error is FAILED, yet its drift is still drift. */
    @Test
    void warnStillReportsDriftInADatabaseThatAlsoFailed() {
        DatabaseReport driftAndError = database("a", DatabaseStatus.FAILED, drift("a"), planError("a"));

        assertThat(exitCode(Mode.CHECK, OnFailure.WARN, driftAndError)).isEqualTo(3);
    }

    @Test
    void preflightThatUpdatedEverythingExitsZero() {
        assertThat(exitCode(Mode.PREFLIGHT, OnFailure.FAIL, updatedDb("a"), upToDateDb("b"))).isZero();
    }

    @Test
    void skippedDatabaseIsNotAFailure() {
        DatabaseReport skipped = new DatabaseReport("gone", DatabaseStatus.SKIPPED, List.of(), List.of(),
                "the database was dropped after discovery", 1, 1);

        assertThat(exitCode(Mode.PREFLIGHT, OnFailure.FAIL, skipped, upToDateDb("b"))).isZero();
    }

    @Test
    void noDatabasesAtAllExitsZero() {
        assertThat(exitCode(Mode.CHECK, OnFailure.FAIL)).isZero();
    }

    @Test
    void reportCarriesTheCommandAndCounts() {
        RunReport report = RunReport.of(Mode.CHECK, "postgres@db:5432/postgres", "2025-01-01T00:00:00Z", 42,
                List.of(upToDateDb("a"), driftedDb("b"), failedDb("c")), OnFailure.FAIL);

        assertThat(report.command()).isEqualTo("check");
        assertThat(report.durationMillis()).isEqualTo(42);
        assertThat(report.summary()).isEqualTo(new Summary(3, 1, 1, 0, 1, 0, 1, 0, 0));
    }

    @Test
    void summaryCountsChangedAndFailedExtensions() {
        UpdateOutcome failed = new UpdateOutcome("b", "cube", "1.4", "1.5", Result.FAILED, "lock timeout");
        UpdateOutcome rolledBack = new UpdateOutcome("b", "pg_trgm", "1.5", "1.6", Result.ROLLED_BACK, "rolled back");
        DatabaseReport failedUpdate = new DatabaseReport("b", DatabaseStatus.FAILED, List.of(drift("b")),
                List.of(failed, rolledBack), "rolled back, database unchanged", 3, 5);

        Summary summary = RunReport.of(Mode.PREFLIGHT, "s", "t", 1, List.of(updatedDb("a"), failedUpdate), OnFailure.FAIL)
                .summary();

        assertThat(summary.updated()).isEqualTo(1);
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(summary.extensionsChanged()).isEqualTo(1);
        assertThat(summary.extensionsFailed()).isEqualTo(1);
    }
}
