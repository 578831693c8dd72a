package io.extguard.recipe.citus;

import io.extguard.model.Result;
import io.extguard.model.UpdateOutcome;
import io.extguard.apply.UpdateSteps;
import io.extguard.model.PlanEntry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * What Citus adds to a database's update on its coordinator, once citus is updated on every
 * worker: citus first, then {@code CALL citus_finish_citus_upgrade()} once, then the other
 * extensions, in one transaction (see {@link CitusRecipe} for the procedure's source). It runs when
 * citus changed here or on a worker, and only where the procedure exists (Citus 11 and later).
 */
final class CoordinatorSteps implements UpdateSteps {
    static final String EXISTS = "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_proc"
            + " WHERE proname = 'citus_finish_citus_upgrade' AND pronamespace = 'pg_catalog'::pg_catalog.regnamespace)";
    static final String CALL = "CALL pg_catalog.citus_finish_citus_upgrade()";

    /**
     * The first visit of a database on the coordinator: one with citus is left to the cluster
     * procedure ({@link ClusterVisitor}), which reads its workers in a session of its own.
     */
    static final UpdateSteps HAND_OFF = new UpdateSteps() {
        @Override
        public boolean leaves(Map<String, String> installed) {
            return installed.containsKey(CitusRecipe.EXTENSION);
        }
    };

    private final boolean workersChanged;

    /** @param workersChanged whether citus changed on a worker: then the finishing call is due here too */
    CoordinatorSteps(boolean workersChanged) {
        this.workersChanged = workersChanged;
    }

    @Override
    public boolean dueWithoutDrift() {
        return workersChanged;
    }

    @Override
    public boolean precedesFinish(PlanEntry change) {
        return change.extension().equals(CitusRecipe.EXTENSION);
    }

    @Override
    public boolean finish(Connection connection, boolean citusUpdatedHere) throws SQLException {
        if (!(workersChanged || citusUpdatedHere)) {
            return false;
        }
        try (Statement st = connection.createStatement()) {
            try (ResultSet rs = st.executeQuery(EXISTS)) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return false;
                }
            }
            st.execute(CALL);
            return true;
        }
    }

    @Override
    public PlanEntry finishEntry(List<PlanEntry> plan) {
        return plan.stream().filter(this::precedesFinish).findFirst().orElse(null);
    }

    @Override
    public UpdateOutcome finished(String database, Map<String, String> after) {
        String version = after.get(CitusRecipe.EXTENSION);
        return new UpdateOutcome(database, CitusRecipe.EXTENSION, version, version, Result.FINISHED,
                "CALL citus_finish_citus_upgrade()");
    }
}
