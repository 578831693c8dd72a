package io.extguard.recipe;

import io.extguard.model.PlanEntry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What is special about one extension (or one family of extensions), in one place: how its
 * session must look, how its drift shows beyond {@code pg_extension}, and how a planned change is
 * carried out. The engine asks {@link Recipes} for the recipe of each extension; extensions without
 * one get {@link GenericRecipe}, the plain {@code ALTER EXTENSION … UPDATE}. Each recipe names, in
 * its source, the upstream code its rules come from. Nothing outside this package names an
 * extension: the engine and the visit mechanics (io.extguard.apply) only ask.
 */
public interface Recipe {

    /** The extensions this recipe is for, as in {@code pg_extension.extname}. */
    Set<String> extensions();

    /**
     * Server settings every extguard session carries in its startup packet, as {@code -c name=value}
     * option words, so they apply before the session's first statement. They must be harmless on
     * servers and databases without the extension.
     */
    default List<String> sessionSettings() {
        return List.of();
    }

    /**
     * Built-in active probes: extension name to a read-only statement that fails while the loaded
     * library and the catalog version disagree. {@code check} runs them (io.extguard.apply.ActiveProbes);
     * configuration may replace them.
     */
    default Map<String, String> probes() {
        return Map.of();
    }

    /**
     * {@code check} and {@code preflight}, after each planning: a stale state the catalog version
     * does not show, read without changing anything and without touching what the update must
     * find untouched. Returns the entry, possibly turned into a change.
     */
    default PlanEntry replan(Connection connection, PlanEntry entry) throws SQLException {
        return entry;
    }

    /**
     * {@code check} only, after {@link #replan}: a closer look on the check session (autocommit),
     * e.g. a probe that loads the extension's library. Returns the entry, with a better reason or
     * turned into an error. Never changes the database.
     */
    default PlanEntry inspect(Connection connection, PlanEntry entry) throws SQLException {
        return entry;
    }

    /**
     * Carries out one planned change inside the database's transaction; the caller rolls back if
     * this throws. {@code plan} is the whole plan, in order, for recipes that change a family at once.
     */
    default void apply(Connection connection, PlanEntry entry, List<PlanEntry> plan) throws SQLException {
        execute(connection, GenericRecipe.statementFor(entry));
    }

    /**
     * The same change as {@link #apply}, written for a psql script ({@code check --output sql}): each
     * element is one line, a statement ending in ';', a psql meta-command or a comment. What only the
     * database knows at run time (a schema) comes through psql variables ({@code \gset}, {@code :"name"}).
     */
    default List<String> script(PlanEntry entry, List<PlanEntry> plan) {
        return List.of(GenericRecipe.statementFor(entry) + ";");
    }

    /**
     * A remark on a planned update from {@code installed} to {@code target} that the planner adds
     * to its reason, e.g. that the extension tolerates this drift; null for none.
     */
    default String updateNote(String installed, String target) {
        return null;
    }

    /**
     * Whether this extension's changes run before the database's other changes, in preflight and
     * in the psql script alike, e.g. so that a step that finishes its upgrade runs before anything
     * else changes.
     */
    default boolean changesFirst() {
        return false;
    }

    /**
     * On which servers the extension's databases are visited: empty for the server extguard
     * connects to alone (every extension but a cluster's), or visits that also reach the other
     * servers, in the order the extension needs, with the steps it adds there.
     */
    default Optional<DatabaseVisits> nodes(RunContext context) {
        return Optional.empty();
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }
}
