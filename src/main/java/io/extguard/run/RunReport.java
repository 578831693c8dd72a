package io.extguard.run;

import io.extguard.apply.DatabaseReport;
import io.extguard.error.ExitCode;
import java.util.List;

/** The whole result of a run: what the JSON report contains, and what decides the exit code. */
public record RunReport(
        String command,
        String server,
        String startedAt,
        long durationMillis,
        Summary summary,
        List<DatabaseReport> databases,
        int exitCode) {

    public static RunReport of(Mode mode, String server, String startedAt, long millis,
                               List<DatabaseReport> databases, OnFailure onFailure) {
        Summary summary = Summary.of(databases);
        return new RunReport(mode.command(), server, startedAt, millis, summary, databases,
                exitCode(mode, summary, onFailure).code());
    }

    static ExitCode exitCode(Mode mode, Summary summary, OnFailure onFailure) {
        if (summary.failed() > 0 && onFailure == OnFailure.FAIL) {
            return ExitCode.FAILED;
        }
        // Counted in pairs: a database with drift and a plan error is FAILED, yet still drifted.
        if (mode == Mode.CHECK && summary.driftedExtensions() > 0) {
            return ExitCode.DRIFT;
        }
        return ExitCode.OK;
    }
}
