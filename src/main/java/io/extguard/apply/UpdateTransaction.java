package io.extguard.apply;

import io.extguard.model.PlanEntry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * One database's update transaction, in the manner of Flyway's TransactionalExecutionTemplate
 * (flyway-core, org/flywaydb/core/internal/jdbc/TransactionalExecutionTemplate.java): begin, run
 * the body, commit. A step of the body that fails rolls the transaction back and is wrapped with
 * what it attempted ({@link StatementFailed}: the extension, or none yet, and the plan), so the
 * report can say which change failed and that the database is unchanged.
 *
 * <p>Unlike Flyway's, only the steps are wrapped: reading {@code pg_extension} and the commit
 * itself fail as plain {@link SQLException}s, and closing the session rolls back what is open.
 */
final class UpdateTransaction {
    private final Connection connection;

    UpdateTransaction(Connection connection) {
        this.connection = connection;
    }

    @FunctionalInterface
    interface Body<T> {
        T run(UpdateTransaction transaction) throws SQLException, StatementFailed;
    }

    @FunctionalInterface
    interface Step<T> {
        T run() throws SQLException;
    }

    @FunctionalInterface
    interface VoidStep {
        void run() throws SQLException;
    }

    /** Begins, runs the body, commits, and gives the session back in autocommit. */
    <T> T execute(Body<T> body) throws SQLException, StatementFailed {
        connection.setAutoCommit(false);
        T result = body.run(this);
        connection.commit();
        connection.setAutoCommit(true);
        return result;
    }

    /**
     * Runs one step; on failure rolls back and wraps the error with {@code attempted} (null when the
     * step is no extension's change, e.g. the advisory lock) and the plan at that time.
     */
    <T> T step(PlanEntry attempted, List<PlanEntry> plan, Step<T> step) throws StatementFailed {
        try {
            return step.run();
        } catch (SQLException e) {
            rollbackQuietly();
            throw new StatementFailed(attempted, plan, e);
        }
    }

    void run(PlanEntry attempted, List<PlanEntry> plan, VoidStep step) throws StatementFailed {
        step(attempted, plan, () -> {
            step.run();
            return null;
        });
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The connection is closed right after; the server rolls back an open transaction then.
        }
    }
}
