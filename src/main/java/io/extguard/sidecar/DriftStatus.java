package io.extguard.sidecar;

import io.extguard.model.DatabaseReport;
import io.extguard.model.DatabaseStatus;
import io.extguard.model.Action;
import io.extguard.model.PlanEntry;
import io.extguard.model.RunReport;
import io.extguard.util.Names;
import io.extguard.util.Plural;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The cached result of the last check. Health and metrics requests read only this, so a probe
 * every few seconds costs nothing, however many databases the server holds.
 */
public record DriftStatus(
        HealthState state,
        String message,
        int databases,
        List<Drift> drift,
        List<String> problems,
        Instant lastCheck,
        Instant lastSuccess,
        boolean lastCheckSucceeded) {

    /** How many mismatches a message lists before it says "and N more". */
    static final int LISTED = 20;

    /**
     * One drifted (database, extension) pair; {@code installed} is null for a missing ensured
     * extension, {@code node} is null on the server extguard watches and names a Citus worker otherwise.
     */
    public record Drift(String database, String node, String extension, String installed, String expected) {
        String describe() {
            String where = node == null ? Names.display(database) : Names.display(database) + "@" + Names.display(node);
            return where + " (" + Names.display(extension) + " "
                    + (installed == null ? "missing" : installed) + " expected " + expected + ")";
        }
    }

    public DriftStatus {
        drift = List.copyOf(drift);
        problems = List.copyOf(problems);
    }

    public static DriftStatus initial() {
        return new DriftStatus(HealthState.Unknown, "The first check has not finished yet", 0, List.of(), List.of(),
                null, null, false);
    }

    public boolean firstCheckDone() {
        return lastCheck != null;
    }

    /** A check has reached the server and finished, so drift is known (it may be known stale since). */
    public boolean driftKnown() {
        return lastSuccess != null;
    }

    /** The server could not be reached: keep what was known, but say so. */
    public DriftStatus unreachable(String reason, Instant now) {
        return failed("Server unreachable: " + reason, reason, now);
    }

    /** The server answered, but the check could not finish (for example an unreadable control file). */
    public DriftStatus checkFailed(String reason, Instant now) {
        return failed("Check failed: " + reason, reason, now);
    }

    private DriftStatus failed(String message, String reason, Instant now) {
        return new DriftStatus(HealthState.Unhealthy, message, databases, drift, List.of(reason), now, lastSuccess, false);
    }

    /** The fingerprint is unchanged: the last sweep's findings still hold. */
    public DriftStatus confirmed(Instant now) {
        return new DriftStatus(state, message, databases, drift, problems, now, now, true);
    }

    public static DriftStatus from(RunReport report, Instant now) {
        List<Drift> drift = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        List<String> probeFailures = new ArrayList<>();
        Map<String, TreeSet<String>> versions = new TreeMap<>();
        for (DatabaseReport db : report.databases()) {
            collect(db, drift, mismatches, probeFailures, versions);
        }
        int databases = report.databases().size();
        if (!probeFailures.isEmpty()) {
            return new DriftStatus(HealthState.Unhealthy, "Library mismatch: " + listed(probeFailures), databases,
                    drift, probeFailures, now, now, true);
        }
        if (!mismatches.isEmpty()) {
            String message = "Drift in " + Plural.of(mismatches.size(), "(database, extension) pair",
                    "(database, extension) pairs") + " across " + Plural.of(databases, "database") + ": "
                    + listed(mismatches) + standbyNote(report);
            return new DriftStatus(HealthState.Degraded, message, databases, drift, mismatches, now, now, true);
        }
        return new DriftStatus(HealthState.Healthy, "All extensions up to date: " + versionsText(versions) + " ("
                + Plural.of(databases, "database") + ")", databases, drift, List.of(), now, now, true);
    }

    private static void collect(DatabaseReport db, List<Drift> drift, List<String> mismatches,
                                List<String> probeFailures, Map<String, TreeSet<String>> versions) {
        String name = db.where();
        for (String failure : db.probeFailures()) {
            probeFailures.add(name + " " + failure);
        }
        if (db.status() == DatabaseStatus.FAILED && db.plan().isEmpty() && db.error() != null) {
            mismatches.add(name + " (not checked: " + db.error() + ")");
        }
        for (PlanEntry e : db.plan()) {
            if (e.isDrift() || e.action() == Action.BLOCKED) {
                // A change the role may not make is still drift: it shows in the metrics like any other.
                Drift d = new Drift(db.database(), db.node(), e.extension(), e.installed(), e.target());
                drift.add(d);
                mismatches.add(e.isDrift() ? d.describe() : d.describe() + " blocked: " + e.reason());
            } else if (e.action().isProblem()) {
                mismatches.add(name + " (" + Names.display(e.extension()) + ": " + e.reason() + ")");
            } else {
                versions.computeIfAbsent(e.extension(), k -> new TreeSet<>()).add(e.installed());
            }
        }
    }

    /** Said with drift on a standby, where the sidecar never remediates. */
    static String standbyNote(RunReport report) {
        return report.standby() ? " (read from a hot standby: not remediated here; preflight on the primary fixes it"
                + " and replication brings the change)" : "";
    }

    static String listed(List<String> items) {
        List<String> shown = items.subList(0, Math.min(LISTED, items.size()));
        String text = String.join(", ", shown);
        return items.size() > LISTED ? text + " and " + (items.size() - LISTED) + " more" : text;
    }

    private static String versionsText(Map<String, TreeSet<String>> versions) {
        if (versions.isEmpty()) {
            return "no extensions installed";
        }
        List<String> parts = new ArrayList<>();
        versions.forEach((ext, vs) -> parts.add(Names.display(ext) + " " + String.join("/", vs)));
        return String.join(", ", parts);
    }
}
