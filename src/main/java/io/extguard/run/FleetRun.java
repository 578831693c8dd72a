package io.extguard.run;

import io.extguard.model.CandidateIdentity;
import io.extguard.model.RunReport;
import io.extguard.config.RunSettings;
import io.extguard.model.Mode;
import io.extguard.model.DatabaseReport;
import io.extguard.model.DatabaseStatus;
import io.extguard.apply.RetryPolicy;
import io.extguard.apply.ActiveProbes;
import io.extguard.apply.VisitorFactory;
import io.extguard.catalog.CandidateImage;
import io.extguard.catalog.CatalogSession;
import io.extguard.catalog.PlannedRole;
import io.extguard.catalog.ServerLibrary;
import io.extguard.citus.CitusSettings;
import io.extguard.connect.ConnectionSettings;
import io.extguard.connect.Connector;
import io.extguard.connect.ServerWaiter;
import io.extguard.connect.SettledServer;
import io.extguard.connect.Sleeper;
import io.extguard.discovery.DatabaseDiscovery;
import io.extguard.model.Problem;
import io.extguard.model.ProblemCode;
import io.extguard.util.Plural;
import io.extguard.model.ExtguardException;
import io.extguard.plan.ExtensionLibrary;
import io.extguard.plan.ExtensionNames;
import io.extguard.plan.Planner;
import io.extguard.plan.Role;
import io.extguard.util.Names;
import io.extguard.util.Sql;
import io.extguard.recipe.DatabaseVisits;
import io.extguard.recipe.Recipes;
import io.extguard.recipe.RunContext;
import io.extguard.connect.SqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    /** How to reach the other servers of a cluster: handed to the recipes, which know what to do with it. */
    private final CitusSettings citus;
    private Map<String, String> namedExtensions = Map.of();
    private StopRequest stop = new StopRequest();
    private ConnectionSettings libraryFrom;
    private String preflightRole;
    private String preflightRoleSource;
    private Clock clock = Clock.systemUTC();

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

    /**
     * Stops the run before any database is visited unless the server offers every extension named
     * here (extension to how the user named it: {@code --pin}, {@code EXTGUARD_ENSURE}).
     */
    public FleetRun requiringOffered(Map<String, String> namedBy) {
        this.namedExtensions = Map.copyOf(namedBy);
        return this;
    }

    /** The clock the waits and the run's timing read; tests pass a fake one. */
    public FleetRun withClock(Clock newClock) {
        this.clock = newClock;
        return this;
    }

    /** Lets the caller stop the run between databases (on SIGTERM). */
    public FleetRun stoppable(StopRequest request) {
        this.stop = request;
        return this;
    }

    /**
     * Plans with the library facts of another server, started from the image about to be rolled
     * out ({@code check --library-from}). Only for {@link Mode#CHECK}: nothing is changed on either
     * server, and active probes, which test the libraries the production server runs now, are off.
     */
    public FleetRun libraryFrom(ConnectionSettings candidate) {
        if (settings.mode() != Mode.CHECK) {
            throw new IllegalArgumentException("Library facts from another server are for check only");
        }
        this.libraryFrom = candidate;
        return this;
    }

    /**
     * Foresees the privileges of this role instead of the connected one's: the role preflight will
     * run as, when check runs as a read-only role. Only for {@link Mode#CHECK}.
     *
     * @param source how the user named it ({@code --preflight-role}), for errors
     */
    public FleetRun foreseeingFor(String role, String source) {
        if (settings.mode() != Mode.CHECK) {
            throw new IllegalArgumentException("Another role's privileges are foreseen by check only");
        }
        this.preflightRole = role;
        this.preflightRoleSource = source;
        return this;
    }

    public RunReport run() {
        Instant started = clock.instant();
        Recipes recipes = Recipes.standard();
        Connector unpinned = new Connector(connection, settings.lockTimeout(), settings.statementTimeout(),
                recipes.sessionSettings());
        SettledServer server = settle(unpinned, new ServerWaiter(unpinned, sleeper, clock).await(settings.serverWait()));
        Connector connector = server.connector();
        ConnectionSettings pinned = connector.settings();
        List<DatabaseReport> reports;
        Problem noMatch = null;
        Problem majorUpgrade = null;
        CandidateImage candidate = null;
        try (CatalogSession session = new CatalogSession(connector, server.maintenance());
             CatalogSession candidateSession = openCandidate()) {
            Connection maintenance = session.connection();
            DatabaseDiscovery.Discovered discovered = new DatabaseDiscovery(settings.databases())
                    .discoverWithAccess(maintenance);
            List<String> databases = discovered.visit();
            listener.visiting(databases.size() + discovered.noConnect().size());
            if (discovered.nothingSelected() && !settings.databases().isOpen()) {
                noMatch = new Problem(ProblemCode.NO_DATABASE_MATCHED, "No database matches the selection ("
                        + settings.databases().describe() + "): the server has " + Plural.of(discovered.total(), "database")
                        + " that accept connections, and none was checked or changed");
            }
            Role role = new Role(server.state().role(), server.state().superuser(), server.state().serviceAdmin());
            ExtensionLibrary library;
            java.util.Set<String> offered;
            if (candidateSession == null) {
                ServerLibrary own = ServerLibrary.load(session);
                library = own;
                offered = own.defaultVersions().keySet();
            } else {
                candidate = CandidateImage.load(candidateSession, libraryFrom.describe());
                library = candidate;
                offered = candidate.identity().extensions().keySet();
                majorUpgrade = majorUpgrade(session.query(CandidateImage.ServerVersion::read), candidate.identity());
            }
            ExtensionNames.requireOffered(namedExtensions, offered,
                    candidate == null ? "this server" : "the candidate image's server (--library-from)");
            Planner planner;
            if (preflightRole == null) {
                planner = new Planner(settings.selection(), library, role);
            } else {
                PlannedRole planned = PlannedRole.read(maintenance, preflightRole, preflightRoleSource);
                planner = new Planner(settings.selection(), library, planned.role(), planned::grants);
            }
            VisitorFactory visitors = new VisitorFactory(
                    RetryPolicy.of(settings.retries()).withConnectionWait(settings.serverWait()), sleeper, clock,
                    candidate == null ? settings.probes() : ActiveProbes.none(), recipes);
            RunContext context = new RunContext(visitors.visitor(connector, planner.withNotes(recipes), null),
                    connector, settings, citus, visitors, candidate != null);
            try (DatabaseVisits visits = recipes.visits(context)) {
                Function<String, List<DatabaseReport>> visit =
                        settings.mode() == Mode.CHECK ? visits::check : visits::update;
                reports = new ArrayList<>(visitAll(databases, visit));
            }
            reports.addAll(notConnectable(discovered.noConnect(), role));
        } catch (SQLException e) {
            throw new ExtguardException(ProblemCode.CATALOG_READ_FAILED, "Cannot read the list of databases or extensions from "
                    + pinned.describe() + ": " + SqlErrors.describe(e), e);
        }
        long millis = Duration.between(started, clock.instant()).toMillis();
        RunReport report = RunReport.of(settings.mode(), pinned.describe(), started.toString(), millis, reports,
                settings.onFailure(), server.standby());
        if (stop.requested()) {
            long reached = reports.stream().filter(r -> r.status() != DatabaseStatus.SKIPPED).count();
            report = report.stopped(new Problem(ProblemCode.INTERRUPTED, "Stopped by a signal (SIGTERM) after "
                    + reached + " of " + Plural.of(reports.size(), "database") + "; each database either committed "
                    + "or rolled back, and the rest were not visited"));
        }
        if (candidate != null) {
            report = report.withCandidate(candidate.identity());
        }
        if (majorUpgrade != null) {
            report = report.withWarning(majorUpgrade);
        }
        return noMatch == null ? report : report.withWarning(noMatch);
    }

    /** The candidate image's server, waited for as long as the production server; null without --library-from. */
    private CatalogSession openCandidate() {
        if (libraryFrom == null) {
            return null;
        }
        Connector candidate = new Connector(libraryFrom, settings.lockTimeout(), settings.statementTimeout());
        try {
            return new CatalogSession(candidate, new ServerWaiter(candidate, sleeper, clock).await(settings.serverWait()));
        } catch (ExtguardException e) {
            throw new ExtguardException(e.code(), "The candidate image's server (--library-from): " + e.getMessage(), e);
        }
    }

    /**
     * pg_upgrade keeps every extension at its catalog version, so the plan still holds across a
     * major upgrade; what extguard cannot know is whether pg_upgrade itself will succeed.
     */
    private static Problem majorUpgrade(CandidateImage.ServerVersion production, CandidateIdentity candidate) {
        if (production.major() == candidate.majorVersion()) {
            return null;
        }
        return new Problem(ProblemCode.MAJOR_UPGRADE, "The candidate image runs PostgreSQL " + candidate.serverVersion()
                + " and the production server PostgreSQL " + production.text() + ": that is a major upgrade "
                + "(pg_upgrade or dump and restore), which extguard does not perform. The plan assumes the "
                + "extensions keep their catalog versions through it, as pg_upgrade does; whether pg_upgrade "
                + "itself succeeds is not checked");
    }

    /**
     * Learns which server the first session reached and what it is. A standby's catalogs are
     * read-only copies of the primary's: preflight stops there before visiting any database.
     */
    private SettledServer settle(Connector unpinned, Connection maintenance) {
        SettledServer server;
        try {
            server = SettledServer.settle(unpinned, maintenance);
        } catch (SQLException e) {
            closeQuietly(maintenance);
            throw new ExtguardException(ProblemCode.CATALOG_READ_FAILED, "Cannot read the state of the server " + connection.describe()
                    + ": " + SqlErrors.describe(e), e);
        }
        if (settings.mode() == Mode.PREFLIGHT && server.standby()) {
            closeQuietly(maintenance);
            throw new ExtguardException(ProblemCode.STANDBY, server.standbyRefusal());
        }
        return server;
    }

    /** Databases the role may not connect to: named in the report as failures, never skipped silently. */
    private List<DatabaseReport> notConnectable(List<String> databases, Role role) {
        List<DatabaseReport> reports = new ArrayList<>();
        for (String database : databases) {
            String name = Names.display(database);
            String who = Names.display(role.name());
            DatabaseReport report = new DatabaseReport(database, DatabaseStatus.FAILED, List.of(), List.of(),
                    "blocked: no CONNECT privilege on database " + name + " for role " + who + " (GRANT CONNECT ON"
                            + " DATABASE " + Sql.identifier(database) + " TO " + Sql.identifier(role.name())
                            + "), or leave it out with --exclude-databases", 0, 0);
            listener.databaseFinished(report);
            reports.add(report);
        }
        return reports;
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing after a failure is best effort; the run ends with the failure's own message.
        }
    }

    private List<DatabaseReport> visitAll(List<String> databases, Function<String, List<DatabaseReport>> visit) {
        int threads = Math.max(1, Math.min(settings.concurrency(), databases.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, workerThreads());
        try {
            List<Callable<List<DatabaseReport>>> tasks = new ArrayList<>(databases.size());
            for (String database : databases) {
                tasks.add(() -> {
                    if (stop.requested()) {
                        return List.of(notReached(database));
                    }
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
            throw new ExtguardException(ProblemCode.INTERRUPTED, "Interrupted while visiting databases", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("A database visit failed unexpectedly", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static DatabaseReport notReached(String database) {
        return new DatabaseReport(database, DatabaseStatus.SKIPPED, List.of(), List.of(),
                "not visited: extguard was stopped (SIGTERM) before it reached this database", 0, 0);
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
