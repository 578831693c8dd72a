package io.extguard.report;

import io.extguard.model.DatabaseReport;
import io.extguard.model.DatabaseStatus;
import io.extguard.model.UpdateOutcome;
import io.extguard.model.PlanEntry;
import io.extguard.run.RunListener;
import io.extguard.model.RunReport;
import io.extguard.model.Summary;
import io.extguard.util.Durations;
import io.extguard.util.Names;
import io.extguard.util.Plural;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Writes one log line per transition, in the form operators grep for:
 * {@code [tansu_tenant_acme] Updated extension vector from 0.8.0 to 0.8.1}.
 *
 * <p>{@code check}'s findings are its report (the table or the JSON on stdout), so its drift lines
 * and, when nothing failed, its summary are logged at DEBUG: on a terminal each fact shows once.
 */
public final class TransitionLog implements RunListener {
    private static final Logger LOG = Logger.getLogger(TransitionLog.class);

    /**
     * Synchronized: the workers call this at the same time, and a log record takes its timestamp
     * when it is made but waits for the console's lock to be written, so a worker that lost the
     * race between the two printed its earlier line after another's later one (issue 10's "log
     * timestamps out of order"). One database's lines are now made and written together.
     */
    @Override
    public synchronized void databaseFinished(DatabaseReport report) {
        String db = "[" + report.where() + "] ";
        if (report.status() == DatabaseStatus.SKIPPED) {
            LOG.warn(db + "Skipped: " + report.error());
            return;
        }
        for (String failure : report.probeFailures()) {
            LOG.warn(db + "Active probe failed: " + failure);
        }
        if (report.status() == DatabaseStatus.DRIFTED || (report.outcomes().isEmpty() && report.error() == null)) {
            logPlan(db, report);
            return;
        }
        for (UpdateOutcome o : report.outcomes()) {
            logOutcome(db, o);
        }
        if (report.error() != null && report.outcomes().isEmpty()) {
            LOG.error(db + "Failed: " + report.error());
        }
    }

    private static void logPlan(String db, DatabaseReport report) {
        for (PlanEntry e : report.plan()) {
            String ext = Names.display(e.extension());
            switch (e.action()) {
                case UPDATE -> LOG.debug(db + "Drift: extension " + ext + " is at " + e.installed()
                        + ", expected " + e.target() + " (" + e.reason() + ")");
                case CREATE -> LOG.debug(db + "Drift: extension " + ext + " is missing, expected " + e.target());
                case RECREATE -> LOG.info(db + "Drift: extension " + ext + " is at " + e.installed() + ", expected "
                        + e.target() + "; it will be dropped and created again (" + e.reason() + ")");
                case ERROR -> LOG.error(db + "Cannot bring extension " + ext + " to its target: " + e.reason());
                case BLOCKED -> LOG.error(db + "Blocked: extension " + ext + " is at " + e.installed() + ", expected "
                        + e.target() + ", but " + e.reason());
                case NONE -> LOG.debug(db + "Extension " + ext + " is up to date at " + e.installed());
            }
        }
    }

    private static void logOutcome(String db, UpdateOutcome o) {
        String ext = Names.display(o.extension());
        switch (o.result()) {
            case UPDATED -> LOG.info(db + "Updated extension " + ext + " from " + o.from() + " to " + o.to());
            case CREATED -> LOG.info(db + "Created extension " + ext + " at version " + o.to());
            case FAILED -> LOG.error(db + "Failed to " + verb(o) + " extension " + ext + fromTo(o) + ": " + o.message());
            case FINISHED -> LOG.info(db + "Finished the " + capitalised(o.extension()) + " upgrade: " + o.message());
            case ROLLED_BACK -> LOG.warn(db + "Did not " + verb(o) + " extension " + ext + fromTo(o) + ": " + o.message());
            case NOT_ATTEMPTED -> LOG.error(db + "Cannot bring extension " + ext + " to its target: " + o.message());
        }
    }

    private static String verb(UpdateOutcome o) {
        return o.from() == null ? "create" : "update";
    }

    private static String fromTo(UpdateOutcome o) {
        return o.from() == null ? " at version " + o.to() : " from " + o.from() + " to " + o.to();
    }

    public static void logSummary(RunReport report) {
        String line = summary(report);
        if (report.summary().failed() > 0) {
            LOG.error(line);
        } else if (report.command().equals("check")) {
            LOG.debug(line);
        } else {
            LOG.info(line);
        }
    }

    /** "Preflight finished in 1.2s: 3 databases checked, 1 updated (2 extensions), 2 up to date, 0 failed, 0 skipped". */
    static String summary(RunReport report) {
        Summary s = report.summary();
        String took = Durations.format(Duration.ofMillis(report.durationMillis()));
        String changes = report.command().equals("check")
                ? s.drifted() + " drifted (" + Plural.of(s.driftedExtensions(), "extension") + ")"
                : s.updated() + " updated (" + Plural.of(s.extensionsChanged(), "extension") + ")";
        return capitalised(report.command()) + " finished in " + took + ": " + Plural.of(s.databases(), "database")
                + " checked, " + changes + ", " + s.upToDate() + " up to date, "
                + s.failed() + " failed, " + s.skipped() + " skipped";
    }

    private static String capitalised(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
