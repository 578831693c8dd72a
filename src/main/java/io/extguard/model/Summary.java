package io.extguard.model;

import java.util.List;

/** Counts over a run, for the closing log line and the report. */
public record Summary(
        int databases,
        int upToDate,
        int drifted,
        int updated,
        int failed,
        int skipped,
        int driftedExtensions,
        int extensionsChanged,
        int extensionsFailed) {

    public static Summary of(List<DatabaseReport> reports) {
        return new Summary(
                reports.size(),
                count(reports, DatabaseStatus.UP_TO_DATE),
                count(reports, DatabaseStatus.DRIFTED),
                count(reports, DatabaseStatus.UPDATED),
                count(reports, DatabaseStatus.FAILED),
                count(reports, DatabaseStatus.SKIPPED),
                (int) reports.stream().flatMap(r -> r.plan().stream()).filter(PlanEntry::isDrift).count(),
                (int) outcomes(reports).filter(UpdateOutcome::succeeded).count(),
                (int) outcomes(reports).filter(o -> o.result() == Result.FAILED).count());
    }

    private static int count(List<DatabaseReport> reports, DatabaseStatus status) {
        return (int) reports.stream().filter(r -> r.status() == status).count();
    }

    private static java.util.stream.Stream<UpdateOutcome> outcomes(List<DatabaseReport> reports) {
        return reports.stream().flatMap(r -> r.outcomes().stream());
    }
}
