package io.extguard.cli;

import io.extguard.config.ExtguardConfig;
import io.extguard.config.Key;
import io.extguard.connect.ConnectionSettings;
import io.extguard.connect.ConnectionSettingsResolver;
import io.extguard.connect.Sleeper;
import io.extguard.model.ExtguardException;
import io.extguard.model.Problem;
import io.extguard.model.ProblemCode;
import io.extguard.report.Progress;
import io.extguard.report.TransitionLog;
import io.extguard.run.FleetRun;
import io.extguard.model.Mode;
import io.extguard.run.RunListener;
import io.extguard.model.RunReport;
import io.extguard.run.StopRequest;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import picocli.CommandLine.Mixin;

/**
 * What {@code preflight} and {@code check} have in common: read the configuration, check all of
 * it, run, report, exit. Every run that gets as far as reading its configuration leaves a report,
 * success or not, so a stale report can never be mistaken for this run's.
 */
abstract class RunCommand implements Callable<Integer> {
    private static final Logger LOG = Logger.getLogger(RunCommand.class);

    @Mixin
    RunOptions options;

    abstract Mode mode();

    /** A result that ends the run before it connects (preflight's skip), or null to go on. */
    RunReport beforeConnecting(ExtguardConfig config, Instant startedAt) {
        return null;
    }

    @Override
    public Integer call() {
        StopRequest stop = new StopRequest();
        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = new Thread(() -> stopGracefully(stop, reported), "extguard-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return call(stop);
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it was waiting for exactly this.
            }
        }
    }

    /**
     * On SIGTERM: start no new database, let the one in progress commit or roll back, and hold the
     * JVM's exit until the report is written, for at most as long as one statement may take.
     */
    private void stopGracefully(StopRequest stop, CountDownLatch reported) {
        LOG.warn("Stop requested (SIGTERM): finishing the databases in progress, then writing the report");
        stop.request();
        try {
            if (!reported.await(options.config().statementTimeout().plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.error("The run did not finish in time after SIGTERM; exiting without its report");
            }
        } catch (InterruptedException | RuntimeException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Integer call(StopRequest stop) {
        Instant startedAt = Instant.now();
        ExtguardConfig config = options.config();
        Outputs outputs = Outputs.bestEffort(config);
        String server = null;
        try {
            config.requireKnownNames().validateAll();
            if (mode() != Mode.CHECK) {
                RunOptions.requireOutputFor(config, mode().command());
            }
            ConnectionSettings candidate = RunOptions.candidate(config, mode());
            String preflightRole = RunOptions.preflightRole(config, mode());
            outputs.requireWritable();
            RunReport early = beforeConnecting(config, startedAt);
            if (early != null) {
                outputs.publish(early, mode());
                return early.exitCode();
            }
            ConnectionSettings connection = new ConnectionSettingsResolver(System.getenv())
                    .resolve(config.url().orElse(null), config.passwordFile().orElse(null));
            server = connection.describe();
            LOG.infof("extguard %s against %s", mode().command(), server);
            FleetRun run = new FleetRun(connection, RunOptions.toSettings(config, mode()),
                    RunOptions.citusSettings(config), Sleeper.REAL, listener(outputs))
                    .requiringOffered(namedExtensions(config))
                    .stoppable(stop);
            if (candidate != null) {
                LOG.infof("Library facts from the candidate image's server %s", candidate.describe());
                run.libraryFrom(candidate);
            }
            if (preflightRole != null) {
                run.foreseeingFor(preflightRole, config.setting(Key.PREFLIGHT_ROLE).source());
            }
            RunReport report = run.run();
            report.warnings().forEach(w -> LOG.warn(w.message()));
            if (report.error() != null && stop.requested()) {
                // The JVM is shutting down, and Quarkus may already have closed the log handlers:
                // the operator's one line about what was left undone goes to stderr directly.
                System.err.println(Instant.now() + " ERROR " + report.error().message());
                System.err.flush();
            } else if (report.error() != null) {
                LOG.error(report.error().message());
            }
            TransitionLog.logSummary(report);
            outputs.publish(report, mode());
            return report.exitCode();
        } catch (ExtguardException e) {
            LOG.error(e.getMessage());
            RunReport failed = RunReport.failed(mode(), server, startedAt.toString(), millisSince(startedAt),
                    e.problem());
            outputs.publishFailure(failed);
            return e.exitCode().code();
        }
    }

    /** The log, and on a terminal the progress of a long run. */
    private static RunListener listener(Outputs outputs) {
        RunListener log = new TransitionLog();
        if (!outputs.showsProgress(Terminal.stdout())) {
            return log;
        }
        return log.and(new Progress(InstantSource.system(), line -> {
            System.out.println(line);
            System.out.flush();
        }));
    }

    /** Every extension the user named, with how they named it; each must exist on the server. */
    static Map<String, String> namedExtensions(ExtguardConfig config) {
        Map<String, String> named = new LinkedHashMap<>(config.sources(Key.PIN));
        String ensureSource = config.setting(Key.ENSURE).source();
        config.ensure().forEach(name -> named.putIfAbsent(name, ensureSource));
        String recreateSource = config.setting(Key.RECREATE).source();
        config.recreate().forEach(name -> named.putIfAbsent(name, recreateSource));
        named.putAll(config.sources(Key.PROBE));
        return named;
    }

    static long millisSince(Instant start) {
        return java.time.Duration.between(start, Instant.now()).toMillis();
    }

    static RunReport skipped(Mode mode, Instant startedAt, String why) {
        return RunReport.failed(mode, null, startedAt.toString(), millisSince(startedAt), null)
                .withWarning(new Problem(ProblemCode.SKIPPED, why));
    }
}
