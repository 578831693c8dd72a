package io.extguard.apply;

import io.extguard.model.DatabaseStatus;
import io.extguard.model.UpdateOutcome;
import io.extguard.apply.DatabaseVisitor.Visit;
import io.extguard.catalog.DatabaseExtensions;
import io.extguard.catalog.InstalledExtensions;
import io.extguard.model.PlanEntry;
import io.extguard.plan.Planner;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies one database's plan in a single transaction. Before its first {@code ALTER EXTENSION}
 * the session has read nothing but system catalogs and what a recipe's {@code replan} reads (PostGIS's
 * version report): some extensions refuse the update in a session that already used the old
 * definitions, and TimescaleDB's loader is kept from loading anything by the session's startup
 * settings (io.extguard.recipe). Each change is carried out by its extension's rules; a procedure
 * over several servers adds its {@link UpdateSteps}.
 */
final class DatabaseUpdate {

    private final Planner planner;
    private final ExtensionRules rules;
    private final Duration lockTimeout;
    private final Duration lockWait;
    private final UpdateSteps steps;

    /**
     * @param lockTimeout what the extensions' own locks may wait, so a long transaction elsewhere cannot hang the job
     * @param lockWait    what waiting for another extguard on the same database may take: as long as an update may
     */
    DatabaseUpdate(Planner planner, ExtensionRules rules, Duration lockTimeout, Duration lockWait, UpdateSteps steps) {
        this.planner = planner;
        this.rules = rules;
        this.lockTimeout = lockTimeout;
        this.lockWait = lockWait;
        this.steps = steps;
    }

    /** What the transaction did: the plan made under the lock, and whether the finishing step ran. */
    private record Applied(List<PlanEntry> plan, boolean finished) {
    }

    Visit run(String database, Connection connection) throws SQLException, StatementFailed {
        DatabaseExtensions found = DatabaseExtensions.read(connection);
        if (steps.leaves(found.versions())) {
            return Visit.LEFT;
        }
        List<PlanEntry> planned = rules.replan(connection, planner.plan(database, found.versions(), found.grants()));
        if (planned.stream().noneMatch(PlanEntry::isDrift) && !steps.dueWithoutDrift()) {
            return finished(planned, Outcomes.withoutChanges(database, planned));
        }
        Applied applied = new UpdateTransaction(connection).execute(tx -> {
            // Plan again under the lock: another extguard may have finished this database meanwhile.
            // The lock and the read it protects go in one round trip.
            DatabaseExtensions locked = tx.step(null, planned,
                    () -> DatabaseExtensions.readAfter(connection, lockStatements()));
            List<PlanEntry> plan = tx.step(null, planned,
                    () -> rules.replan(connection, planner.plan(database, locked.versions(), locked.grants())));
            return new Applied(plan, applyAll(tx, connection, plan));
        });
        Map<String, String> after = InstalledExtensions.read(connection);
        List<UpdateOutcome> outcomes = new ArrayList<>(Outcomes.verified(database, applied.plan(), after));
        if (applied.finished()) {
            outcomes.add(steps.finished(database, after));
        }
        return finished(applied.plan(), outcomes);
    }

    /**
     * The transaction's start, sent with the read under the lock as one string, so that it costs
     * one round trip, not five (pgjdbc sends the statements together and stops at the first error).
     * Both timeouts are set again for this transaction: behind a pooler that dropped the startup options (PgBouncer's
     * ignore_startup_parameters), this is what bounds the update; the wait for another extguard's
     * lock may take as long as an update, the extensions' own locks only {@code lockTimeout}.
     */
    String lockStatements() {
        return "SET LOCAL statement_timeout = " + lockWait.toMillis()
                + "; SET LOCAL lock_timeout = " + lockWait.toMillis()
                + "; " + AdvisoryLock.SQL
                + "; SET LOCAL lock_timeout = " + lockTimeout.toMillis();
    }

    /**
     * Applies the changes in plan order, those that precede the finishing step first; the step
     * runs once, before any other change, or at the end. Returns whether it ran.
     */
    private boolean applyAll(UpdateTransaction tx, Connection connection, List<PlanEntry> plan) throws StatementFailed {
        List<PlanEntry> changes = new ArrayList<>();
        plan.stream().filter(e -> e.isDrift() && steps.precedesFinish(e)).forEach(changes::add);
        plan.stream().filter(e -> e.isDrift() && !steps.precedesFinish(e)).forEach(changes::add);
        boolean precedingChanged = false;
        boolean finishDone = false;
        boolean finished = false;
        for (PlanEntry entry : changes) {
            if (!finishDone && !steps.precedesFinish(entry)) {
                finished = finish(tx, connection, plan, precedingChanged);
                finishDone = true;
            }
            tx.run(entry, plan, () -> rules.apply(connection, entry, plan));
            precedingChanged |= steps.precedesFinish(entry);
        }
        return finishDone ? finished : finish(tx, connection, plan, precedingChanged);
    }

    private boolean finish(UpdateTransaction tx, Connection connection, List<PlanEntry> plan, boolean precedingChanged)
            throws StatementFailed {
        return tx.step(steps.finishEntry(plan), plan, () -> steps.finish(connection, precedingChanged));
    }

    private static Visit finished(List<PlanEntry> plan, List<UpdateOutcome> outcomes) {
        boolean failed = outcomes.stream().anyMatch(o -> !o.succeeded());
        boolean changed = outcomes.stream().anyMatch(UpdateOutcome::succeeded);
        DatabaseStatus status = failed ? DatabaseStatus.FAILED
                : changed ? DatabaseStatus.UPDATED : DatabaseStatus.UP_TO_DATE;
        return new Visit(status, plan, outcomes, null);
    }
}
