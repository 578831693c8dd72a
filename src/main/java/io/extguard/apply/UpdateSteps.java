package io.extguard.apply;

import io.extguard.model.UpdateOutcome;
import io.extguard.model.PlanEntry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * What a procedure over several servers adds to one database's update on one of them; a recipe
 * provides it (io.extguard.recipe, for a cluster's coordinator). The default adds nothing: the
 * plain update of {@link DatabaseVisitor#update(String)}.
 *
 * <p>A procedure may leave a database to itself ({@link #leaves}), and may have one finishing step
 * that runs once in the database's transaction, right after the changes that precede it (which run
 * first) and before any other change.
 */
public interface UpdateSteps {
    UpdateSteps NONE = new UpdateSteps() {
    };

    /**
     * Read in the update's own session before anything is planned: whether the database, by its
     * installed extensions, is left to the procedure. The visit then changes nothing and returns
     * no report; the procedure visits the database again in its own order.
     */
    default boolean leaves(Map<String, String> installed) {
        return false;
    }

    /** Whether the transaction runs though nothing drifted here: the procedure changed another server. */
    default boolean dueWithoutDrift() {
        return false;
    }

    /** Whether this change runs before the finishing step; such changes run first, in plan order. */
    default boolean precedesFinish(PlanEntry change) {
        return false;
    }

    /**
     * Runs the finishing step where it is due, inside the transaction, which stays the caller's.
     *
     * @param precedingChanged whether a change that precedes the step was applied in this transaction
     * @return whether it ran
     */
    default boolean finish(Connection connection, boolean precedingChanged) throws SQLException {
        return false;
    }

    /** The plan entry a failure of the finishing step is reported against; null for none. */
    default PlanEntry finishEntry(List<PlanEntry> plan) {
        return null;
    }

    /** The outcome that reports a finishing step that ran, from the versions read after commit. */
    default UpdateOutcome finished(String database, Map<String, String> after) {
        throw new IllegalStateException("no finishing step");
    }
}
