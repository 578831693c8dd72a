package io.extguard.recipe;

import io.extguard.model.Action;
import io.extguard.model.PlanEntry;
import io.extguard.util.Sql;
import java.util.Set;

/**
 * Every extension without a recipe of its own: {@code ALTER EXTENSION … UPDATE TO} the target
 * (PostgreSQL runs the update scripts the image ships, along the shortest path of them:
 * ExecAlterExtensionStmt and ApplyExtensionUpdates in src/backend/commands/extension.c), or
 * {@code CREATE EXTENSION} when an ensured extension is missing.
 */
final class GenericRecipe implements Recipe {
    private final String extension;

    GenericRecipe(String extension) {
        this.extension = extension;
    }

    @Override
    public Set<String> extensions() {
        return Set.of(extension);
    }

    static String statementFor(PlanEntry entry) {
        String name = Sql.identifier(entry.extension());
        String version = Sql.literal(entry.target());
        return entry.action() == Action.CREATE
                ? "CREATE EXTENSION IF NOT EXISTS " + name + " VERSION " + version + " CASCADE"
                : "ALTER EXTENSION " + name + " UPDATE TO " + version;
    }
}
