package io.extguard.apply;

import io.extguard.model.DatabaseReport;
import io.extguard.model.DatabaseStatus;
import io.extguard.model.UpdateOutcome;
import io.extguard.catalog.CatalogSession.CatalogException;
import io.extguard.catalog.DatabaseExtensions;
import io.extguard.connect.Connector;
import io.extguard.connect.Sleeper;
import io.extguard.model.PlanEntry;
import io.extguard.plan.Planner;
import io.extguard.connect.SqlErrorKind;
import io.extguard.connect.SqlErrors;
import io.extguard.connect.SqlStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Visits one database over one fresh connection: reads {@code pg_extension}, plans, and for
 * {@code preflight} applies the plan. Transient failures are retried with a new connection.
 */
public final class DatabaseVisitor {
    private final Connector connector;
    private final Planner planner;
    private final ActiveProbes probes;
    private final ExtensionRules rules;
    private final String node;
    private final ConnectionWait connectionWait;
    private final RetryLoop retryLoop;

    /**
     * Built by {@link VisitorFactory}, alike for every server of a run.
     *
     * @param node the server this visitor's connector reaches, for reports; null for the server extguard connects to
     */
    DatabaseVisitor(Connector connector, Planner planner, RetryPolicy retry, Sleeper sleeper, Clock clock,
                    ActiveProbes probes, ExtensionRules rules, String node) {
        this.connector = connector;
        this.planner = planner;
        this.probes = probes;
        this.rules = rules;
        this.node = node;
        this.connectionWait = new ConnectionWait(retry.connectionWait(), clock);
        this.retryLoop = new RetryLoop(retry, connectionWait, sleeper, clock);
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
        RetryLoop.Tried<Visit> tried = retryLoop.run(() -> attemptOnce(database, work));
        Visit visit = switch (tried.failure()) {
            case null -> tried.value();
            case StatementFailed e -> Visit.statementFailed(database, e, tried.attempts());
            case SQLException e when SqlStates.classify(e) == SqlErrorKind.DATABASE_MISSING ->
                    Visit.skipped("the database was dropped after discovery");
            case SQLException e -> Visit.failed(attemptsNote(SqlErrors.describe(e), tried.attempts()));
            default -> throw new IllegalStateException("An attempt failed unexpectedly", tried.failure());
        };
        if (visit == Visit.LEFT) {
            return Optional.empty();
        }
        return Optional.of(visit.toReport(database, node, tried.attempts(), tried.took().toMillis()));
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
            if (SqlStates.classify(e.sqlException()) == SqlErrorKind.LOCK_NOT_AVAILABLE) {
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
