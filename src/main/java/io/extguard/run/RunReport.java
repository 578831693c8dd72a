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
        int exitCode,
        boolean standby) {

    public static RunReport of(Mode mode, String server, String startedAt, long millis,
                               List<DatabaseReport> databases, OnFailure onFailure) {
        return of(mode, server, startedAt, millis, databases, onFailure, false);
    }

    /** @param standby whether the server was a hot standby (read-only; only check and the sidecar read one) */
    public static RunReport of(Mode mode, String server, String startedAt, long millis,
                               List<DatabaseReport> databases, OnFailure onFailure, boolean standby) {
        Summary summary = Summary.of(databases);
        return new RunReport(mode.command(), server, startedAt, millis, summary, databases,
                exitCode(mode, summary, onFailure).code(), standby);
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
