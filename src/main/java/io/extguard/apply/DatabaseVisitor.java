package io.extguard.apply;

import io.extguard.catalog.CatalogSession.CatalogException;
import io.extguard.catalog.DatabaseExtensions;
import io.extguard.connect.ConnectFailure;
import io.extguard.connect.Connector;
import io.extguard.connect.Sleeper;
import io.extguard.plan.Action;
import io.extguard.plan.PlanEntry;
import io.extguard.plan.Planner;
import io.extguard.connect.SqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Visits one database over one fresh connection: reads {@code pg_extension}, plans, and for
 * {@code preflight} applies the plan. Transient failures are retried with a new connection.
 */
public final class DatabaseVisitor {
    /** Pauses between connections the server refuses for now grow to 4 s (the 4th of the retry pauses). */
    private static final int LONGEST_REFUSAL_PAUSE_STEP = 4;

    private final Connector connector;
    private final Planner planner;
    private final RetryPolicy retry;
    private final Sleeper sleeper;
    private final ActiveProbes probes;
    private final ExtensionRules rules;
    private final String node;
    private final ConnectionWait connectionWait;

    /**
     * Built by {@link VisitorFactory}, alike for every server of a run.
     *
     * @param node the server this visitor's connector reaches, for reports; null for the server extguard connects to
     */
    DatabaseVisitor(Connector connector, Planner planner, RetryPolicy retry, Sleeper sleeper, ActiveProbes probes,
                    ExtensionRules rules, String node) {
        this.connector = connector;
        this.planner = planner;
        this.retry = retry;
        this.sleeper = sleeper;
        this.probes = probes;
        this.rules = rules;
        this.node = node;
        this.connectionWait = new ConnectionWait(retry.connectionWait());
    }

    /** Plans without changing anything, then calls the active probes of the installed extensions. */
    public DatabaseReport check(String database) {
        return visit(database, (db, connection) -> {
            DatabaseExtensions found = DatabaseExtensions.read(connection);
            List<PlanEntry> plan = rules.inspect(connection, planner.plan(db, found.versions(), found.grants()));
            return Visit.checked(plan, probes.run(connection, found.versions().keySet()));
        }).orElseThrow();
    }

    /** Plans, applies in one transaction, and verifies. */
    public DatabaseReport update(String database) {
        return update(database, UpdateSteps.NONE).orElseThrow();
    }

    /**
     * Updates with what a procedure over several servers adds; empty when the steps leave the
     * database to that procedure ({@link UpdateSteps#leaves}).
     */
    public Optional<DatabaseReport> update(String database, UpdateSteps steps) {
        return visit(database, new DatabaseUpdate(planner, rules, connector.lockTimeout(), connector.statementTimeout(),
                steps)::run);
    }

    private Optional<DatabaseReport> visit(String database, Work work) {
        long started = System.nanoTime();
        int attempt = 0;
        int refusals = 0;
        while (true) {
            attempt++;
            Visit visit;
            try {
                visit = attemptOnce(database, work);
            } catch (StatementFailed e) {
                if (SqlErrors.isTransient(e.sqlException()) && retry.mayRetry(attempt)) {
                    sleeper.sleep(retry.pauseAfter(attempt));
                    continue;
                }
                visit = Visit.statementFailed(database, e, attempt);
            } catch (SQLException e) {
                if (ConnectFailure.classify(e) == ConnectFailure.DATABASE_MISSING) {
                    visit = Visit.skipped("the database was dropped after discovery");
                } else if (refusedForNow(e) && connectionWait.mayWait()) {
                    // Waiting for the server to take connections again is not an attempt at the database.
                    sleeper.sleep(retry.pauseAfter(Math.min(++refusals, LONGEST_REFUSAL_PAUSE_STEP)));
                    attempt--;
                    continue;
                } else if (SqlErrors.isTransient(e) && retry.mayRetry(attempt)) {
                    sleeper.sleep(retry.pauseAfter(attempt));
                    continue;
                } else {
                    visit = Visit.failed(attemptsNote(SqlErrors.describe(e), attempt));
                }
            }
            if (visit == Visit.LEFT) {
                return Optional.empty();
            }
            return Optional.of(visit.toReport(database, node, attempt, (System.nanoTime() - started) / 1_000_000));
        }
    }

    /**
     * A new connection refused for a while only: the server is down or restarting (08001), starting
     * up or shutting down (57P03), or has no free connection slot (53300). Such states never come
     * from a session that was already open, so a lost session still counts as an attempt.
     */
    private static boolean refusedForNow(SQLException e) {
        String state = SqlErrors.state(e);
        return state.equals("08001") || state.equals("57P03") || state.equals("53300");
    }

    private Visit attemptOnce(String database, Work work) throws SQLException, StatementFailed {
        try (Connection connection = connector.open(database)) {
            connectionWait.connected();
            return work.run(database, connection);
        } catch (CatalogException e) {
            throw e.sqlException();
        }
    }

    static String attemptsNote(String message, int attempts) {
        return attempts > 1 ? message + " (gave up after " + attempts + " attempts)" : message;
    }

    @FunctionalInterface
    interface Work {
        Visit run(String database, Connection connection) throws SQLException, StatementFailed;
    }

    /** The result of one visit, before the attempt count and timing are known. */
    record Visit(DatabaseStatus status, List<PlanEntry> plan, List<UpdateOutcome> outcomes, String error,
                 List<String> probeFailures) {

        /** Left to a procedure over several servers ({@link UpdateSteps#leaves}): no report. */
        static final Visit LEFT = new Visit(DatabaseStatus.SKIPPED, List.of(), List.of(), null);

        Visit(DatabaseStatus status, List<PlanEntry> plan, List<UpdateOutcome> outcomes, String error) {
            this(status, plan, outcomes, error, List.of());
        }

        /**
         * A probe failure of a drifted extension is the drift's symptom (an extension refusing work
         * until it is updated), so the database counts as drifted; without drift to explain it, it failed.
         */
        static Visit checked(List<PlanEntry> plan, List<ActiveProbes.Failure> probeFailures) {
            Set<String> drifted = plan.stream().filter(PlanEntry::isDrift).map(PlanEntry::extension).collect(Collectors.toSet());
            boolean unexplained = probeFailures.stream().anyMatch(f -> !drifted.contains(f.extension()));
            boolean errors = plan.stream().anyMatch(e -> e.action().isProblem()) || unexplained;
            DatabaseStatus status = errors ? DatabaseStatus.FAILED
                    : drifted.isEmpty() ? DatabaseStatus.UP_TO_DATE : DatabaseStatus.DRIFTED;
            List<String> failures = probeFailures.stream().map(ActiveProbes.Failure::toString).toList();
            String error = failures.isEmpty() ? null : "active probe failed: " + String.join("; ", failures);
            return new Visit(status, plan, List.of(), error, failures);
        }

        static Visit skipped(String why) {
            return new Visit(DatabaseStatus.SKIPPED, List.of(), List.of(), why);
        }

        static Visit failed(String why) {
            return new Visit(DatabaseStatus.FAILED, List.of(), List.of(), why);
        }

        static Visit statementFailed(String database, StatementFailed e, int attempts) {
            String cause = attemptsNote(SqlErrors.describe(e.sqlException()), attempts);
            if (SqlErrors.state(e.sqlException()).equals("55P03")) {
                cause += "; another session holds a lock on the extension's objects (see pg_locks)";
            }
            List<UpdateOutcome> outcomes = Outcomes.afterRollback(database, e.plan(), e.entry(), cause);
            String error = e.entry() == null ? "could not start the update: " + cause
                    : "rolled back, database unchanged: " + cause;
            return new Visit(DatabaseStatus.FAILED, e.plan(), outcomes, error);
        }

        DatabaseReport toReport(String database, String node, int attempts, long millis) {
            return new DatabaseReport(database, status, plan, outcomes, error, attempts, millis, probeFailures, node);
        }
    }
}
