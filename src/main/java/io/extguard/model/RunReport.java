package io.extguard.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole result of a run: what the JSON report contains, and what decides the exit code.
 * {@code standby} says the server was a hot standby (read-only; only check and the sidecar read
 * one). {@code error} is null unless the run stopped before or instead of its work; {@code warnings}
 * are facts worth a person's attention that did not fail the run.
 */
public record RunReport(
        String command,
        String server,
        String startedAt,
        long durationMillis,
        Summary summary,
        List<DatabaseReport> databases,
        int exitCode,
        boolean standby,
        Problem error,
        List<Problem> warnings,
        @JsonInclude(JsonInclude.Include.NON_NULL) CandidateIdentity candidate) {

    public RunReport {
        databases = List.copyOf(databases);
        warnings = List.copyOf(warnings);
    }

    public static RunReport of(Mode mode, String server, String startedAt, long millis,
                               List<DatabaseReport> databases, OnFailure onFailure) {
        return of(mode, server, startedAt, millis, databases, onFailure, false);
    }

    /** @param standby whether the server was a hot standby (read-only; only check and the sidecar read one) */
    public static RunReport of(Mode mode, String server, String startedAt, long millis,
                               List<DatabaseReport> databases, OnFailure onFailure, boolean standby) {
        Summary summary = Summary.of(databases);
        return new RunReport(mode.command(), server, startedAt, millis, summary, databases,
                exitCode(mode, summary, onFailure).code(), standby, null, List.of(), null);
    }

    /** The report of a run that stopped before it visited any database; {@code error} null for a clean stop. */
    public static RunReport failed(Mode mode, String server, String startedAt, long millis, Problem error) {
        return new RunReport(mode.command(), server, startedAt, millis, Summary.of(List.of()), List.of(),
                error == null ? 0 : error.code().exitCode().code(), false, error, List.of(), null);
    }

    /** This report, marked as cut short: the error says so, and the exit code is the error's unless already worse. */
    public RunReport stopped(Problem why) {
        int code = Math.max(exitCode == ExitCode.DRIFT.code() ? 0 : exitCode, why.code().exitCode().code());
        return new RunReport(command, server, startedAt, durationMillis, summary, databases, code, standby, why,
                warnings, candidate);
    }

    public RunReport withWarning(Problem warning) {
        List<Problem> all = new ArrayList<>(warnings);
        all.add(warning);
        return new RunReport(command, server, startedAt, durationMillis, summary, databases, exitCode, standby, error,
                all, candidate);
    }

    /** This report, planned with the library facts of the candidate image's server ({@code check --library-from}). */
    public RunReport withCandidate(CandidateIdentity image) {
        return new RunReport(command, server, startedAt, durationMillis, summary, databases, exitCode, standby, error,
                warnings, image);
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
