package io.extguard.sidecar;

import io.extguard.citus.CitusSettings;
import io.extguard.connect.ConnectionSettings;
import io.extguard.connect.Connector;
import io.extguard.connect.Redaction;
import io.extguard.connect.Sleeper;
import io.extguard.error.ExtguardException;
import io.extguard.recipe.Recipes;
import io.extguard.report.TransitionLog;
import io.extguard.run.FleetRun;
import io.extguard.run.Mode;
import io.extguard.run.RunListener;
import io.extguard.run.RunReport;
import io.extguard.run.RunSettings;
import io.extguard.util.SqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Re-checks drift. In steady state one tick is one connection and one query (the
 * {@link Fingerprint}); every database is visited only when the fingerprint changes, and every
 * {@code fullSweepInterval} to catch a manual {@code ALTER EXTENSION}.
 */
public final class DriftWatcher {
    private static final Logger LOG = Logger.getLogger("io.extguard");

    private final ConnectionSettings connection;
    private final RunSettings checkSettings;
    private final SidecarSettings sidecar;
    private final Clock clock;
    private final SidecarEvents events;
    private final Connector connector;
    private final ReentrantLock running = new ReentrantLock();
    private final AtomicReference<DriftStatus> status = new AtomicReference<>(DriftStatus.initial());

    private Fingerprint lastFingerprint;
    private Instant lastFullSweep;

    private final CitusSettings citus;

    public DriftWatcher(ConnectionSettings connection, RunSettings settings, SidecarSettings sidecar, Clock clock,
                        SidecarEvents events) {
        this(connection, settings, sidecar, CitusSettings.DEFAULT, clock, events);
    }

    public DriftWatcher(ConnectionSettings connection, RunSettings settings, SidecarSettings sidecar,
                        CitusSettings citus, Clock clock, SidecarEvents events) {
        this.connection = connection;
        this.citus = citus;
        // The sidecar never blocks a tick waiting for the server: unreachable is a state to report.
        this.checkSettings = new RunSettings(Mode.CHECK, Duration.ZERO, settings.databases(), settings.selection(),
                settings.concurrency(), settings.lockTimeout(), settings.statementTimeout(), settings.retries(),
                settings.onFailure(), settings.probes());
        this.sidecar = sidecar;
        this.clock = clock;
        this.events = events;
        this.connector = new Connector(connection, settings.lockTimeout(), settings.statementTimeout(),
                Recipes.standard().sessionSettings());
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
        long started = System.nanoTime();
        Instant now = clock.instant();
        Fingerprint fingerprint;
        try {
            fingerprint = readFingerprint();
        } catch (SQLException e) {
            String reason = Redaction.redact(SqlErrors.describe(e), connection.password());
            publish(status.get().unreachable(connection.describe() + ": " + reason, now), started, false);
            lastFingerprint = null;
            return;
        }
        if (!sweepNeeded(fingerprint, now)) {
            publish(status.get().confirmed(now), started, false);
            return;
        }
        try {
            RunReport report = sweep();
            lastFingerprint = fingerprint;
            lastFullSweep = now;
            publish(DriftStatus.from(report, now), started, true);
        } catch (ExtguardException e) {
            lastFingerprint = null;
            publish(status.get().checkFailed(e.getMessage(), now), started, true);
        }
    }

    private Fingerprint readFingerprint() throws SQLException {
        try (Connection c = connector.openMaintenance()) {
            return Fingerprint.read(c);
        }
    }

    private boolean sweepNeeded(Fingerprint fingerprint, Instant now) {
        if (lastFingerprint == null || !lastFingerprint.equals(fingerprint)) {
            return true;
        }
        // While something is wrong, look again every time: a manual fix changes no fingerprint,
        // and it must show within one interval. Only a healthy fleet is watched at O(1).
        if (status.get().state() != HealthState.Healthy) {
            return true;
        }
        return !now.isBefore(lastFullSweep.plus(sidecar.fullSweepInterval()));
    }

    private RunReport sweep() {
        RunReport report = new FleetRun(connection, checkSettings, citus, Sleeper.REAL, RunListener.NONE).run();
        if (sidecar.remediate() && report.summary().drifted() > 0) {
            LOG.infof("Remediating drift in %d databases", report.summary().drifted());
            RunReport fixed = new FleetRun(connection, checkSettings.withMode(Mode.PREFLIGHT), citus, Sleeper.REAL,
                    new TransitionLog()).run();
            TransitionLog.logSummary(fixed);
            events.remediated(fixed);
            report = new FleetRun(connection, checkSettings, citus, Sleeper.REAL, RunListener.NONE).run();
        }
        return report;
    }

    private void publish(DriftStatus next, long startedNanos, boolean fullSweep) {
        DriftStatus previous = status.getAndSet(next);
        if (previous.state() != next.state() || !previous.message().equals(next.message())) {
            String line = "Extension health is " + next.state() + ": " + next.message();
            if (next.state() == HealthState.Healthy) {
                LOG.info(line);
            } else {
                LOG.warn(line);
            }
        }
        events.checkFinished(next, Duration.ofNanos(System.nanoTime() - startedNanos), fullSweep);
    }
}
