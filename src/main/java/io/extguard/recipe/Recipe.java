package io.extguard.recipe;

import io.extguard.plan.PlanEntry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What is special about one extension, in one place: how its session must look, how its drift
 * shows beyond {@code pg_extension}, and which statements change it. The engine asks
 * {@link Recipes} for the recipe of each extension; extensions without one get
 * {@link GenericRecipe}, the plain {@code ALTER EXTENSION … UPDATE}. Each recipe names, in its
 * source, the upstream code its rules come from.
 */
public interface Recipe {

    /** The extension this recipe is for, as in {@code pg_extension.extname}. */
    String extension();

    /**
     * Server settings every extguard session carries in its startup packet, as {@code -c name=value}
     * option words, so they apply before the session's first statement. They must be harmless on
     * servers and databases without the extension.
     */
    default List<String> sessionSettings() {
        return List.of();
    }

    /**
     * {@code check} only, after planning: looks closer at the installed extension on the check
     * session (autocommit) and returns its plan entry, with a better reason or turned into an
     * error. Never changes the database.
     */
    default PlanEntry inspect(Connection connection, PlanEntry entry) throws SQLException {
        return entry;
    }

    /** The statements that carry out a planned change, in order, inside the database's transaction. */
    default List<String> statements(PlanEntry entry) {
        return GenericRecipe.statementsFor(entry);
    }
}
