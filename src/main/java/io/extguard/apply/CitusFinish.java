package io.extguard.apply;

import io.extguard.plan.PlanEntry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code CALL citus_finish_citus_upgrade()} on a Citus coordinator, once citus is updated on every
 * node. Citus does not run it by itself after ALTER EXTENSION; it is idempotent, and does not
 * exist before Citus 11, so extguard calls it only where the procedure is there.
 */
public final class CitusFinish {
    public static final String CITUS = "citus";
    private static final String EXISTS = "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_proc"
            + " WHERE proname = 'citus_finish_citus_upgrade' AND pronamespace = 'pg_catalog'::pg_catalog.regnamespace)";
    private static final String CALL = "CALL pg_catalog.citus_finish_citus_upgrade()";

    /** Not a coordinator, or nothing changed: the finish step never runs. */
    public static final CitusFinish NEVER = new CitusFinish(false, false);

    private final boolean coordinator;
    private final boolean workersChanged;

    private CitusFinish(boolean coordinator, boolean workersChanged) {
        this.coordinator = coordinator;
        this.workersChanged = workersChanged;
    }

    /** A coordinator: finish when its own citus changes, or when a worker's did. */
    public static CitusFinish onCoordinator(boolean workersChanged) {
        return new CitusFinish(true, workersChanged);
    }

    boolean requested() {
        return coordinator && workersChanged;
    }

    /** citus first, so that the finish call can follow it before anything else changes. */
    List<PlanEntry> order(List<PlanEntry> changes) {
        if (!coordinator) {
            return changes;
        }
        List<PlanEntry> ordered = new ArrayList<>(changes.stream().filter(e -> e.extension().equals(CITUS)).toList());
        changes.stream().filter(e -> !e.extension().equals(CITUS)).forEach(ordered::add);
        return ordered;
    }

    /** Runs the finish call where it is due and exists; the transaction is the caller's. */
    boolean run(Connection connection, boolean citusUpdatedHere) throws SQLException {
        if (!coordinator || !(workersChanged || citusUpdatedHere)) {
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

    static PlanEntry entryFor(List<PlanEntry> plan) {
        return plan.stream().filter(e -> e.extension().equals(CITUS)).findFirst().orElse(null);
    }

    static UpdateOutcome outcome(String database, String version) {
        return new UpdateOutcome(database, CITUS, version, version, Result.FINISHED, "CALL citus_finish_citus_upgrade()");
    }
}
