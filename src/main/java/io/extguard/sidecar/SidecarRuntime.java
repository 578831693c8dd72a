package io.extguard.sidecar;

import io.extguard.citus.CitusSettings;
import io.extguard.connect.ConnectionSettings;
import io.extguard.config.RunSettings;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.Scheduler;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import org.jboss.logging.Logger;

/** Wires the plain-Java {@link DriftWatcher} into Quarkus: the scheduler drives it, health and metrics read it. */
@ApplicationScoped
public class SidecarRuntime {
    static final String JOB = "extguard-drift-check";
    private static final Logger LOG = Logger.getLogger(SidecarRuntime.class);

    @Inject
    Scheduler scheduler;

    /** The metrics, through the interface the sidecar owns: metrics depends on sidecar, never the reverse. */
    @Inject
    SidecarEvents metrics;

    private volatile DriftWatcher watcher;
    private volatile boolean degradedIsDown = true;
    private volatile Thread firstCheck;

    public DriftStatus status() {
        DriftWatcher w = watcher;
        return w == null ? DriftStatus.initial() : w.status();
    }

    public boolean degradedIsDown() {
        return degradedIsDown;
    }

    public synchronized void start(ConnectionSettings connection, RunSettings settings, SidecarSettings sidecar) {
        start(connection, settings, sidecar, CitusSettings.DEFAULT);
    }

    public synchronized void start(ConnectionSettings connection, RunSettings settings, SidecarSettings sidecar,
                                   CitusSettings citus) {
        stop();
        DriftWatcher w = new DriftWatcher(connection, settings, sidecar, citus, Clock.systemUTC(), metrics);
        watcher = w;
        degradedIsDown = sidecar.degradedIsDown();
        Thread first = new Thread(w::tick, "extguard-first-check");
        first.setDaemon(true);
        first.start();
        firstCheck = first;
        if (sidecar.interval() == null) {
            LOG.info("Periodic drift checks are off (extguard.sidecar.interval=off); only the first check ran");
            return;
        }
        String every = sidecar.interval().toString();
        scheduler.newJob(JOB)
                .setInterval(every)
                .setDelayed(every)
                .setConcurrentExecution(ConcurrentExecution.SKIP)
                .setTask(execution -> w.tick())
                .schedule();
    }

    /** Runs one check now, on the caller's thread, after any check already running. */
    public void checkNow() {
        DriftWatcher w = watcher;
        if (w == null) {
            throw new IllegalStateException("The sidecar has not been started");
        }
        awaitFirstCheck();
        w.checkNow();
    }

    /** So that a check asked for now is never overtaken by the start's first check. */
    private void awaitFirstCheck() {
        Thread first = firstCheck;
        if (first == null) {
            return;
        }
        try {
            first.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the first check", e);
        }
    }

    @PreDestroy
    public synchronized void stop() {
        if (scheduler.getScheduledJob(JOB) != null) {
            scheduler.unscheduleJob(JOB);
        }
    }
}
