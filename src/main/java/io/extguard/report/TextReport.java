package io.extguard.report;

import io.extguard.model.DatabaseReport;
import io.extguard.model.DatabaseStatus;
import io.extguard.model.Action;
import io.extguard.model.PlanEntry;
import io.extguard.model.RunReport;
import io.extguard.model.Summary;
import io.extguard.util.Durations;
import io.extguard.util.Names;
import io.extguard.util.Plural;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The plan as a table for a person at a terminal: only the lines that need attention, then one
 * summary line. The log (stderr) already names the command and the server, and logs drift only at
 * DEBUG, so on a terminal each fact shows once.
 */
public final class TextReport {
    private static final String[] HEADER = {"DATABASE", "EXTENSION", "INSTALLED", "TARGET", "ACTION", "WHY"};

    private TextReport() {
    }

    public static void print(RunReport report, PrintStream out) {
        List<String[]> rows = new ArrayList<>();
        for (DatabaseReport db : report.databases()) {
            rows.addAll(rows(db));
        }
        if (report.candidate() != null) {
            out.println("with the extension files of the candidate image's server " + report.candidate().server()
                    + " (PostgreSQL " + report.candidate().serverVersion() + "): what the rollout would need");
        }
        if (report.standby()) {
            out.println("Read from a hot standby (read-only): its extensions change only by replication from the"
                    + " primary; run preflight against the primary.");
        }
        if (rows.isEmpty()) {
            out.println("Nothing to do: every selected extension is at its target.");
        } else {
            printTable(rows, out);
        }
        out.println(summary(report));
    }

    /** "3 databases checked in 1.2s: 2 up to date, 1 drifted (1 extension), 0 failed, 0 skipped". */
    static String summary(RunReport report) {
        Summary s = report.summary();
        return Plural.of(s.databases(), "database") + " checked in "
                + Durations.format(Duration.ofMillis(report.durationMillis())) + ": " + s.upToDate() + " up to date, "
                + s.drifted() + " drifted (" + Plural.of(s.driftedExtensions(), "extension") + "), "
                + s.failed() + " failed, " + s.skipped() + " skipped";
    }

    private static List<String[]> rows(DatabaseReport db) {
        String name = db.where();
        List<String[]> rows = new ArrayList<>();
        for (PlanEntry e : db.plan()) {
            if (e.action() != Action.NONE) {
                rows.add(new String[] {name, Names.display(e.extension()), orDash(e.installed()), orDash(e.target()),
                        e.action().name().toLowerCase(Locale.ROOT), e.reason()});
            }
        }
        for (String failure : db.probeFailures()) {
            rows.add(new String[] {name, failure.substring(0, failure.indexOf(':')), "-", "-", "probe failed",
                    failure.substring(failure.indexOf(':') + 2)});
        }
        if (db.status() == DatabaseStatus.FAILED && db.plan().isEmpty() || db.status() == DatabaseStatus.SKIPPED) {
            String action = db.status() == DatabaseStatus.SKIPPED ? "skipped" : "error";
            rows.add(new String[] {name, "-", "-", "-", action, db.error()});
        }
        return rows;
    }

    private static void printTable(List<String[]> rows, PrintStream out) {
        int[] widths = new int[HEADER.length - 1];
        for (String[] row : prepend(HEADER, rows)) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : prepend(HEADER, rows)) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(String.format(Locale.ROOT, "%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.append(row[row.length - 1]));
        }
    }

    private static List<String[]> prepend(String[] header, List<String[]> rows) {
        List<String[]> all = new ArrayList<>(rows.size() + 1);
        all.add(header);
        all.addAll(rows);
        return all;
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }
}
