package io.extguard.apply;

import io.extguard.model.PlanEntry;
import java.sql.SQLException;
import java.util.List;

/**
 * A statement in a database's update transaction failed and the transaction was rolled back.
 * {@code entry} is null when the failure came before any extension's statement, for example
 * while waiting for the advisory lock.
 */
final class StatementFailed extends Exception {
    private final transient PlanEntry entry;
    private final transient List<PlanEntry> plan;

    StatementFailed(PlanEntry entry, List<PlanEntry> plan, SQLException cause) {
        super(cause);
        this.entry = entry;
        this.plan = List.copyOf(plan);
    }

    PlanEntry entry() {
        return entry;
    }

    List<PlanEntry> plan() {
        return plan;
    }

    SQLException sqlException() {
        return (SQLException) getCause();
    }
}
