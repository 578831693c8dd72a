package io.extguard.recipe;

import io.extguard.apply.ExtensionRules;
import io.extguard.model.Action;
import io.extguard.model.PlanEntry;
import io.extguard.plan.UpdateNotes;
import io.extguard.recipe.citus.CitusRecipe;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry: the recipe of each extension that has one. Adding a recipe is one new file in
 * this package (or a package under it, for one with more machinery, as Citus's) and one line in
 * {@link #STANDARD}. The visit mechanics ({@link ExtensionRules}) and the planner ({@link UpdateNotes})
 * ask it through interfaces of their own.
 */
public final class Recipes implements ExtensionRules, UpdateNotes {
    private static final Recipes STANDARD = new Recipes(List.of(
            new TimescaleDbRecipe(),
            new PostgisRecipe(),
            new CitusRecipe()));

    /** Not one extension's: any extension planned for {@code --recreate}. */
    private static final Recipe RECREATE = new RecreateRecipe();

    private final List<Recipe> recipes;
    private final Map<String, Recipe> byExtension = new HashMap<>();

    Recipes(List<Recipe> recipes) {
        this.recipes = List.copyOf(recipes);
        for (Recipe recipe : recipes) {
            for (String extension : recipe.extensions()) {
                if (byExtension.put(extension, recipe) != null) {
                    throw new IllegalStateException("Two recipes for extension " + extension);
                }
            }
        }
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
        LinkedHashSet<String> settings = new LinkedHashSet<>();
        recipes.forEach(r -> settings.addAll(r.sessionSettings()));
        return List.copyOf(settings);
    }

    /** The built-in active probes of all recipes (see {@link Recipe#probes()}). */
    public Map<String, String> probes() {
        Map<String, String> probes = new TreeMap<>();
        recipes.forEach(r -> probes.putAll(r.probes()));
        return Map.copyOf(probes);
    }

    /** {@code check} and {@code preflight}: each installed extension's recipe may see a stale state. */
    @Override
    public List<PlanEntry> replan(Connection connection, List<PlanEntry> plan) throws SQLException {
        List<PlanEntry> out = new ArrayList<>(plan.size());
        for (PlanEntry entry : plan) {
            out.add(entry.installed() == null ? entry : recipeFor(entry).replan(connection, entry));
        }
        return reordered(out);
    }

    /** {@code check}: each installed extension's recipe may look closer. */
    @Override
    public List<PlanEntry> inspect(Connection connection, List<PlanEntry> plan) throws SQLException {
        List<PlanEntry> out = new ArrayList<>(plan.size());
        for (PlanEntry entry : replan(connection, plan)) {
            out.add(entry.installed() == null ? entry : recipeFor(entry).inspect(connection, entry));
        }
        return out;
    }

    /** Carries out one planned change. */
    @Override
    public void apply(Connection connection, PlanEntry entry, List<PlanEntry> plan) throws SQLException {
        recipeFor(entry).apply(connection, entry, plan);
    }

    /** The lines of a psql script that make this change, as {@link #apply} would (check --output sql). */
    public List<String> script(PlanEntry entry, List<PlanEntry> plan) {
        return recipeFor(entry).script(entry, plan);
    }

    /** The extension's remark on a planned update (see {@link Recipe#updateNote}). */
    @Override
    public String note(String extension, String installed, String target) {
        return forExtension(extension).updateNote(installed, target);
    }

    /** The changes in the order they run: those whose recipe runs them first ({@link Recipe#changesFirst}), then the rest. */
    public List<PlanEntry> ordered(List<PlanEntry> changes) {
        List<PlanEntry> out = new ArrayList<>(changes.size());
        changes.stream().filter(e -> forExtension(e.extension()).changesFirst()).forEach(out::add);
        changes.stream().filter(e -> !forExtension(e.extension()).changesFirst()).forEach(out::add);
        return out;
    }

    /**
     * How the engine visits each database: through the first recipe whose extension spans several
     * servers and that takes part in this run ({@link Recipe#nodes}), or on the server alone.
     */
    public DatabaseVisits visits(RunContext context) {
        for (Recipe recipe : recipes) {
            Optional<DatabaseVisits> visits = recipe.nodes(context);
            if (visits.isPresent()) {
                return visits.get();
            }
        }
        return DatabaseVisits.of(context.server());
    }

    private Recipe recipeFor(PlanEntry entry) {
        return entry.action() == Action.RECREATE ? RECREATE : forExtension(entry.extension());
    }

    /*
     * The planner puts changes first, in dependency order, then the rest. A replanned entry that
     * became a change keeps its place among the changes; one that came from the rest moves to the
     * end of the changes. Requirements then still come first: they were changes already, or need
     * none.
     */
    private static List<PlanEntry> reordered(List<PlanEntry> plan) {
        List<PlanEntry> out = new ArrayList<>(plan.size());
        plan.stream().filter(PlanEntry::isDrift).forEach(out::add);
        plan.stream().filter(e -> !e.isDrift()).forEach(out::add);
        return out;
    }
}
