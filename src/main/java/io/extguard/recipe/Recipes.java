package io.extguard.recipe;

import io.extguard.plan.PlanEntry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The registry: the recipe of each extension that has one. Adding a recipe is one new file in
 * this package and one line in {@link #STANDARD}.
 */
public final class Recipes {
    private static final Recipes STANDARD = new Recipes(List.of(
            new TimescaleDbRecipe()));

    private final Map<String, Recipe> byExtension;

    Recipes(List<Recipe> recipes) {
        this.byExtension = recipes.stream().collect(Collectors.toUnmodifiableMap(Recipe::extension, Function.identity()));
    }

    public static Recipes standard() {
        return STANDARD;
    }

    /** The extension's recipe, or the generic one. */
    public Recipe forExtension(String extension) {
        Recipe recipe = byExtension.get(extension);
        return recipe != null ? recipe : new GenericRecipe(extension);
    }

    /** The startup-packet settings of all recipes, for every session extguard opens (see {@link Recipe#sessionSettings()}). */
    public List<String> sessionSettings() {
        return byExtension.values().stream().flatMap(r -> r.sessionSettings().stream()).sorted().toList();
    }

    /** {@code check}: lets each installed extension's recipe look closer at its plan entry. */
    public List<PlanEntry> inspect(Connection connection, List<PlanEntry> plan) throws SQLException {
        List<PlanEntry> inspected = new ArrayList<>(plan.size());
        for (PlanEntry entry : plan) {
            inspected.add(entry.installed() == null ? entry : forExtension(entry.extension()).inspect(connection, entry));
        }
        return inspected;
    }

    /** The statements that carry out a planned change. */
    public List<String> statements(PlanEntry entry) {
        return forExtension(entry.extension()).statements(entry);
    }
}
