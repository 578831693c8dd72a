package io.extguard.apply;

import io.extguard.apply.DatabaseVisitor.Visit;
import io.extguard.catalog.DatabaseExtensions;
import io.extguard.catalog.InstalledExtensions;
import io.extguard.plan.PlanEntry;
import io.extguard.plan.Planner;
import io.extguard.recipe.Recipes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies one database's plan in a single transaction. Before its first {@code ALTER EXTENSION}
 * the session has read nothing but system catalogs and what a recipe's {@code replan} reads (PostGIS's
 * version report): some Citus and TimescaleDB releases refuse the update in a session that already
 * used the old definitions. TimescaleDB's loader is kept from loading anything by the session's
 * startup settings (io.extguard.recipe.TimescaleDbRecipe). Each change is carried out by its
 * extension's recipe.
 */
final class DatabaseUpdate {

    private final Planner planner;
    private final Duration lockTimeout;
    private final Duration lockWait;
    private final CitusFinish citusFinish;
    private final boolean handOffCitus;

    /**
     * @param lockTimeout what the extensions' own locks may wait, so a long transaction elsewhere cannot hang the job
     * @param lockWait    what waiting for another extguard on the same database may take: as long as an update may
     * @param citusFinish whether this is a Citus coordinator whose upgrade must be finished
     */
    DatabaseUpdate(Planner planner, Duration lockTimeout, Duration lockWait, CitusFinish citusFinish,
                   boolean handOffCitus) {
        this.planner = planner;
        this.lockTimeout = lockTimeout;
        this.lockWait = lockWait;
        this.citusFinish = citusFinish;
        this.handOffCitus = handOffCitus;
    }

    Visit run(String database, Connection connection) throws SQLException, StatementFailed {
        DatabaseExtensions found = DatabaseExtensions.read(connection);
        if (handOffCitus && found.versions().containsKey(CitusFinish.CITUS)) {
            return Visit.handedOff();
        }
        List<PlanEntry> plan = Recipes.standard().replan(connection,
                planner.plan(database, found.versions(), found.grants()));
        if (plan.stream().noneMatch(PlanEntry::isDrift) && !citusFinish.requested()) {
            return finished(plan, Outcomes.withoutChanges(database, plan));
        }
        connection.setAutoCommit(false);
        lock(connection, plan);
        // Plan again under the lock: another extguard may have finished this database meanwhile.
        plan = replanUnderLock(connection, database, plan);
        boolean finishedCitus = applyAll(connection, plan);
        connection.commit();
        connection.setAutoCommit(true);
        Map<String, String> after = InstalledExtensions.read(connection);
        List<UpdateOutcome> outcomes = new ArrayList<>(Outcomes.verified(database, plan, after));
        if (finishedCitus) {
            outcomes.add(CitusFinish.outcome(database, after.get(CitusFinish.CITUS)));
        }
        return finished(plan, outcomes);
    }

    private List<PlanEntry> replanUnderLock(Connection connection, String database, List<PlanEntry> before)
            throws SQLException, StatementFailed {
        DatabaseExtensions locked = DatabaseExtensions.read(connection);
        List<PlanEntry> plan = planner.plan(database, locked.versions(), locked.grants());
        try {
            return Recipes.standard().replan(connection, plan);
        } catch (SQLException e) {
            rollbackQuietly(connection);
            throw new StatementFailed(null, before, e);
        }
    }

    private void lock(Connection connection, List<PlanEntry> plan) throws StatementFailed {
        try (Statement st = connection.createStatement()) {
            // Both timeouts again for this transaction: behind a pooler that dropped the startup options
            // (PgBouncer's ignore_startup_parameters), this is what bounds the update.
            st.execute("SET LOCAL statement_timeout = " + lockWait.toMillis());
            st.execute("SET LOCAL lock_timeout = " + lockWait.toMillis());
            st.execute(AdvisoryLock.SQL);
            st.execute("SET LOCAL lock_timeout = " + lockTimeout.toMillis());
        } catch (SQLException e) {
            rollbackQuietly(connection);
            throw new StatementFailed(null, plan, e);
        }
    }

    /**
     * Applies the changes in plan order; on a Citus coordinator, citus comes first and its upgrade
     * is finished before any other extension changes. Returns whether the finish call ran.
     */
    private boolean applyAll(Connection connection, List<PlanEntry> plan) throws StatementFailed {
        List<PlanEntry> changes = citusFinish.order(plan.stream().filter(PlanEntry::isDrift).toList());
        boolean citusUpdated = false;
        boolean finishDecided = false;
        boolean finished = false;
        for (PlanEntry entry : changes) {
            if (!finishDecided && !entry.extension().equals(CitusFinish.CITUS)) {
                finished = finishCitus(connection, plan, citusUpdated);
                finishDecided = true;
            }
            apply(connection, plan, entry);
            citusUpdated |= entry.extension().equals(CitusFinish.CITUS);
        }
        return finishDecided ? finished : finishCitus(connection, plan, citusUpdated);
    }

    private boolean finishCitus(Connection connection, List<PlanEntry> plan, boolean citusUpdated) throws StatementFailed {
        try {
            return citusFinish.run(connection, citusUpdated);
        } catch (SQLException e) {
            rollbackQuietly(connection);
            throw new StatementFailed(CitusFinish.entryFor(plan), plan, e);
        }
    }

    /** The extension's recipe carries out the change (io.extguard.recipe). */
    private static void apply(Connection connection, List<PlanEntry> plan, PlanEntry entry) throws StatementFailed {
        try {
            Recipes.standard().apply(connection, entry, plan);
        } catch (SQLException e) {
            rollbackQuietly(connection);
            throw new StatementFailed(entry, plan, e);
        }
    }

    private static Visit finished(List<PlanEntry> plan, List<UpdateOutcome> outcomes) {
        boolean failed = outcomes.stream().anyMatch(o -> !o.succeeded());
        boolean changed = outcomes.stream().anyMatch(UpdateOutcome::succeeded);
        DatabaseStatus status = failed ? DatabaseStatus.FAILED
                : changed ? DatabaseStatus.UPDATED : DatabaseStatus.UP_TO_DATE;
        return new Visit(status, plan, outcomes, null);
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The connection is closed right after; the server rolls back an open transaction then.
        }
    }
}
