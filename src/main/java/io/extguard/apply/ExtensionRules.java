package io.extguard.apply;

import io.extguard.model.PlanEntry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What a database visit asks of the extensions' own rules, at three points of an open session.
 * apply owns this interface and the recipes (io.extguard.recipe.Recipes) implement it, so the
 * dependency runs recipe to apply and the visit mechanics name no extension.
 */
public interface ExtensionRules {

    /** {@code check} and {@code preflight}, after each planning: a stale state the catalog version does not show. */
    List<PlanEntry> replan(Connection connection, List<PlanEntry> plan) throws SQLException;

    /** {@code check} only: a closer look on the check session, which never changes the database. */
    List<PlanEntry> inspect(Connection connection, List<PlanEntry> plan) throws SQLException;

    /** Carries out one planned change inside the database's transaction. */
    void apply(Connection connection, PlanEntry entry, List<PlanEntry> plan) throws SQLException;
}
