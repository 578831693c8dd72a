package io.extguard.run;

import io.extguard.apply.CitusFinish;
import io.extguard.apply.DatabaseReport;
import io.extguard.apply.DatabaseVisitor;
import io.extguard.apply.RetryPolicy;
import io.extguard.catalog.CatalogSession;
import io.extguard.catalog.ServerLibrary;
import io.extguard.citus.CitusSettings;
import io.extguard.citus.ClusterVisitor;
import io.extguard.connect.ConnectionSettings;
import io.extguard.connect.Connector;
import io.extguard.connect.ServerWaiter;
import io.extguard.connect.Sleeper;
import io.extguard.discovery.DatabaseDiscovery;
import io.extguard.error.ExitCode;
import io.extguard.error.ExtguardException;
import io.extguard.plan.Planner;
import io.extguard.recipe.Recipes;
import io.extguard.util.SqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One pass over every selected database of a server: wait for it, discover, then visit each
 * database in a bounded pool. Plain Java, so tests and the benchmark can drive it directly.
 */
public final class FleetRun {
    private final ConnectionSettings connection;
    private final RunSettings settings;
    private final Sleeper sleeper;
    private final RunListener listener;
    private final CitusSettings citus;

    public FleetRun(ConnectionSettings connection, RunSettings settings, Sleeper sleeper, RunListener listener) {
        this(connection, settings, CitusSettings.DEFAULT, sleeper, listener);
    }

    public FleetRun(ConnectionSettings connection, RunSettings settings, CitusSettings citus, Sleeper sleeper,
                    RunListener listener) {
        this.connection = connection;
        this.settings = settings;
        this.citus = citus;
        this.sleeper = sleeper;
        this.listener = listener;
    }

    public RunReport run() {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Connector connector = new Connector(connection, settings.lockTimeout(), settings.statementTimeout(),
                Recipes.standard().sessionSettings());
        Connection maintenance = new ServerWaiter(connector, sleeper).await(settings.serverWait());
        List<DatabaseReport> reports;
        try (CatalogSession session = new CatalogSession(connector, maintenance)) {
            List<String> databases = new DatabaseDiscovery(settings.databases()).discover(maintenance);
            Planner planner = new Planner(settings.selection(), ServerLibrary.load(session));
            boolean clusters = citus.enabled() && settings.selection().extensions().accepts(CitusFinish.CITUS);
            DatabaseVisitor visitor = new DatabaseVisitor(connector, planner,
                    RetryPolicy.of(settings.retries()).withConnectionWait(settings.serverWait()), sleeper,
                    settings.probes(), null, clusters);
            try (ClusterVisitor cluster = new ClusterVisitor(visitor, connector, connection, settings, citus, sleeper)) {
                Function<String, List<DatabaseReport>> visit =
                        settings.mode() == Mode.CHECK ? cluster::check : cluster::update;
                reports = visitAll(databases, visit);
            }
        } catch (SQLException e) {
            throw new ExtguardException(ExitCode.FAILED, "Cannot read the list of databases or extensions from "
                    + connection.describe() + ": " + SqlErrors.describe(e), e);
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        return RunReport.of(settings.mode(), connection.describe(), started.toString(), millis, reports,
                settings.onFailure());
    }

    private List<DatabaseReport> visitAll(List<String> databases, Function<String, List<DatabaseReport>> visit) {
        int threads = Math.max(1, Math.min(settings.concurrency(), databases.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, workerThreads());
        try {
            List<Callable<List<DatabaseReport>>> tasks = new ArrayList<>(databases.size());
            for (String database : databases) {
                tasks.add(() -> {
                    List<DatabaseReport> nodeReports = visit.apply(database);
                    nodeReports.forEach(listener::databaseFinished);
                    return nodeReports;
                });
            }
            List<DatabaseReport> reports = new ArrayList<>(databases.size());
            for (Future<List<DatabaseReport>> f : pool.invokeAll(tasks)) {
                reports.addAll(f.get());
            }
            return reports;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExtguardException(ExitCode.FAILED, "Interrupted while visiting databases", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("A database visit failed unexpectedly", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static java.util.concurrent.ThreadFactory workerThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "extguard-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
