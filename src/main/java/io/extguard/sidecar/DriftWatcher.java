package io.extguard.sidecar;

import io.extguard.citus.CitusSettings;
import io.extguard.connect.ConnectionSettings;
import io.extguard.connect.Connector;
import io.extguard.connect.Redaction;
import io.extguard.connect.Sleeper;
import io.extguard.model.ExtguardException;
import io.extguard.recipe.Recipes;
import io.extguard.report.TransitionLog;
import io.extguard.model.PlanEntry;
import io.extguard.run.FleetRun;
import io.extguard.model.Mode;
import io.extguard.run.RunListener;
import io.extguard.model.RunReport;
import io.extguard.config.RunSettings;
import io.extguard.util.Plural;
import io.extguard.connect.SqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Re-checks drift. In steady state one tick is one connection and one query (the
 * {@link Fingerprint}); every database is visited only when the fingerprint changes, and every
 * {@code fullSweepInterval} to catch a manual {@code ALTER EXTENSION}.
 */
public final class DriftWatcher {
    private static final Logger LOG = Logger.getLogger(DriftWatcher.class);

    private final ConnectionSettings connection;
    private final RunSettings checkSettings;
    private final SidecarSettings sidecar;
    private final Clock clock;
    private final SidecarEvents events;
    private final RemediationBackoff remediation;
    private final ReentrantLock running = new ReentrantLock();
    private final AtomicReference<DriftStatus> status = new AtomicReference<>(DriftStatus.initial());

    private final SweepSchedule sweeps;
    private final Sleeper sleeper;

    private final CitusSettings citus;

    public DriftWatcher(ConnectionSettings connection, RunSettings settings, SidecarSettings sidecar, Clock clock,
                        SidecarEvents events) {
        this(connection, settings, sidecar, CitusSettings.DEFAULT, clock, events);
    }

    public DriftWatcher(ConnectionSettings connection, RunSettings settings, SidecarSettings sidecar,
                        CitusSettings citus, Clock clock, SidecarEvents events) {
        this(connection, settings, sidecar, citus, clock, Sleeper.REAL, events);
    }

    /** @param clock and {@code sleeper} time the sweeps, the remediation backoff and the runs' retries */
    public DriftWatcher(ConnectionSettings connection, RunSettings settings, SidecarSettings sidecar,
                        CitusSettings citus, Clock clock, Sleeper sleeper, SidecarEvents events) {
        this.connection = connection;
        this.sleeper = sleeper;
        this.sweeps = new SweepSchedule(sidecar.fullSweepInterval());
        this.citus = citus;
        // The sidecar never blocks a tick waiting for the server: unreachable is a state to report.
        this.checkSettings = settings.toBuilder().mode(Mode.CHECK).serverWait(Duration.ZERO).build();
        this.sidecar = sidecar;
        this.clock = clock;
        this.events = events;
        this.remediation = new RemediationBackoff(sidecar.interval() == null ? Duration.ofMinutes(1) : sidecar.interval());
    }

    public DriftStatus status() {
        return status.get();
    }

    /** Runs one check unless one is already running; returns whether it ran. Scheduled checks use this. */
    public boolean tick() {
        if (!running.tryLock()) {
            LOG.debug("The previous drift check is still running; this one is skipped");
            return false;
        }
        try {
            check();
            return true;
        } finally {
            running.unlock();
        }
    }

    /** Waits for a running check to finish, then runs a fresh one. */
    public void checkNow() {
        running.lock();
        try {
            check();
        } finally {
            running.unlock();
        }
    }

    private void check() {
        Instant now = clock.instant();
        Fingerprint fingerprint;
        try {
            fingerprint = readFingerprint();
        } catch (SQLException e) {
            String reason = Redaction.redact(SqlErrors.describe(e), connection.password());
            publish(status.get().unreachable(connection.describe() + ": " + reason, now), now, false);
            sweeps.forget();
            return;
        } catch (ExtguardException e) {
            // The password file could not be read (a secret mid-rotation): a state to report, not a crash.
            publish(status.get().unreachable(connection.describe() + ": " + e.getMessage(), now), now, false);
            sweeps.forget();
            return;
        }
        if (!sweeps.due(fingerprint, status.get().state() == HealthState.Healthy, now)) {
            publish(status.get().confirmed(now), now, false);
            return;
        }
        try {
            RunReport report = sweep(now);
            sweeps.swept(fingerprint, now);
            publish(DriftStatus.from(report, now), now, true);
        } catch (ExtguardException e) {
            sweeps.forget();
            publish(status.get().checkFailed(e.getMessage(), now), now, true);
        }
    }

    /**
     * A new {@link Connector} each time reads the password again: a secret rotated in the mounted
     * file is used from the next check on, without a restart.
     */
    private Fingerprint readFingerprint() throws SQLException {
        Connector connector = new Connector(connection, checkSettings.lockTimeout(), checkSettings.statementTimeout(),
                Recipes.standard().sessionSettings());
        try (Connection c = connector.openMaintenance()) {
            return Fingerprint.read(c);
        }
    }

    private RunReport sweep(Instant now) {
        RunReport report = new FleetRun(connection, checkSettings, citus, sleeper, RunListener.NONE).run();
        if (sidecar.remediate() && report.summary().drifted() > 0 && report.standby()) {
            // A standby's catalogs are the primary's, replicated: the fix is the primary's preflight.
            LOG.infof("Not remediating drift in %s: %s is a hot standby (read-only); preflight on the "
                    + "primary fixes it, and replication brings the change here",
                    Plural.of(report.summary().drifted(), "database"), report.server());
        } else if (sidecar.remediate() && report.summary().drifted() > 0) {
            Set<String> drift = drift(report);
            if (!remediation.allows(drift, now)) {
                LOG.debugf("Remediation of the same drift failed before; next attempt at %s", remediation.nextAttempt());
                return report;
            }
            LOG.infof("Remediating drift in %s", Plural.of(report.summary().drifted(), "database"));
            RunReport fixed = new FleetRun(connection, checkSettings.withMode(Mode.PREFLIGHT), citus, sleeper,
                    new TransitionLog()).run();
            TransitionLog.logSummary(fixed);
            events.remediated(fixed);
            remediation.record(drift, fixed.summary().failed() > 0, now);
            if (fixed.summary().failed() > 0) {
                LOG.warnf("Remediation failed; the same drift is tried again at %s at the earliest",
                        remediation.nextAttempt());
            }
            report = new FleetRun(connection, checkSettings, citus, sleeper, RunListener.NONE).run();
        }
        return report;
    }

    /** The drifted (database, extension, from, to) of a check, to tell one drift from another. */
    private static Set<String> drift(RunReport report) {
        return report.databases().stream()
                .flatMap(d -> d.plan().stream().filter(PlanEntry::isDrift)
                        .map(e -> d.database() + "\u0000" + e.extension() + "\u0000" + e.installed() + "\u0000" + e.target()))
                .collect(Collectors.toSet());
    }

    private void publish(DriftStatus next, Instant started, boolean fullSweep) {
        DriftStatus previous = status.getAndSet(next);
        if (previous.state() != next.state() || !previous.message().equals(next.message())) {
            String line = "Extension health is " + next.state() + ": " + next.message();
            if (next.state() == HealthState.Healthy) {
                LOG.info(line);
            } else {
                LOG.warn(line);
            }
        }
        events.checkFinished(next, Duration.between(started, clock.instant()), fullSweep);
    }
}
