package io.extguard.recipe.citus;

import io.extguard.model.PlanEntry;
import io.extguard.plan.Versions;
import io.extguard.recipe.DatabaseVisits;
import io.extguard.recipe.Recipe;
import io.extguard.recipe.RunContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Citus: a cluster of a coordinator and workers, each with its own copy of every tenant database.
 *
 * <ul>
 * <li><b>Probe.</b> Citus's C functions start with {@code CheckCitusVersion(ERROR)}
 * (src/backend/distributed/metadata/metadata_cache.c in citusdata/citus), which fails with XX000
 * "loaded Citus library version differs from installed extension version" while the catalog lags
 * the library; {@code citus_get_active_worker_nodes()} is one of them and has no side effects, so
 * {@code check} calls it.</li>
 * <li><b>Nodes.</b> Citus does not propagate {@code ALTER EXTENSION citus UPDATE}: it runs on each
 * worker first, citus only, then on the coordinator ({@link ClusterVisitor}, {@link NodeVisitors}).</li>
 * <li><b>After the update.</b> {@code citus_finish_citus_upgrade()}
 * (src/backend/distributed/sql/udfs/citus_finish_citus_upgrade/latest.sql in citusdata/citus, first
 * in 11.0-2.sql): "after upgrading Citus on all nodes call this function to upgrade the distributed
 * schema". Citus does not call it by itself; it is idempotent (it compares
 * {@code pg_dist_node_metadata}'s {@code last_upgrade_version} and otherwise only raises a NOTICE),
 * so it runs once on the coordinator, right after citus and before any other extension changes
 * ({@link CoordinatorSteps}).</li>
 * <li><b>Minor drift.</b> Citus 14 keeps working when the catalog is one minor version behind the
 * library, so a relaxed check would not see it; the plan says so.</li>
 * </ul>
 */
public final class CitusRecipe implements Recipe {
    static final String EXTENSION = "citus";

    @Override
    public Set<String> extensions() {
        return Set.of(EXTENSION);
    }

    /**
     * As preflight on a coordinator ({@link CoordinatorSteps}): after citus, before anything else,
     * CALL citus_finish_citus_upgrade(); the procedure exists from Citus 11 on, so psql looks for it first.
     */
    @Override
    public List<String> script(PlanEntry entry, List<PlanEntry> plan) {
        List<String> lines = new ArrayList<>(Recipe.super.script(entry, plan));
        lines.add("-- citus: finish the upgrade where this Citus has the procedure for it (Citus 11 and later)");
        lines.add(CoordinatorSteps.EXISTS + " AS extguard_citus_finish \\gset");
        lines.add("\\if :extguard_citus_finish");
        lines.add(CoordinatorSteps.CALL + ";");
        lines.add("\\endif");
        return lines;
    }

    @Override
    public Map<String, String> probes() {
        return Map.of(EXTENSION, "SELECT count(*) FROM pg_catalog.citus_get_active_worker_nodes()");
    }

    @Override
    public String updateNote(String installed, String target) {
        return Versions.isOneMinorBehind(installed, target)
                ? "minor drift: Citus tolerates one minor version behind the library, but the SQL is still old"
                : null;
    }

    /** citus first, so that the finishing call can follow it before anything else changes. */
    @Override
    public boolean changesFirst() {
        return true;
    }

    /**
     * Every node, where citus is enabled and selected. Not in the pre-rollout gate: the workers run
     * the same candidate image, and a worker's own library facts are the old image's, so the
     * coordinator's plan stands for them.
     */
    @Override
    public Optional<DatabaseVisits> nodes(RunContext context) {
        if (context.gate() || !context.nodes().enabled()
                || !context.settings().selection().extensions().accepts(EXTENSION)) {
            return Optional.empty();
        }
        return Optional.of(new ClusterVisitor(context));
    }
}
