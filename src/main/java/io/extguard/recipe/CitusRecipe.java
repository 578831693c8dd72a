package io.extguard.recipe;

import io.extguard.plan.PlanEntry;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Citus: the first part of its rules behind the seam, the active probe. Citus's C functions start
 * with {@code CheckCitusVersion(ERROR)} (src/backend/distributed/metadata/metadata_cache.c in
 * citusdata/citus), which fails with XX000 "loaded Citus library version differs from installed
 * extension version" while the catalog lags the library; {@code citus_get_active_worker_nodes()}
 * is one of them and has no side effects, so {@code check} calls it.
 *
 * <p>The cluster procedure (workers first, then {@code citus_finish_citus_upgrade()} on the
 * coordinator) still lives in io.extguard.citus and apply/CitusFinish; see the README.
 */
final class CitusRecipe implements Recipe {
    static final String EXTENSION = "citus";

    @Override
    public Set<String> extensions() {
        return Set.of(EXTENSION);
    }

    /**
     * As preflight on a coordinator (io.extguard.apply.CitusFinish): after citus, before anything
     * else, CALL citus_finish_citus_upgrade(), which Citus does not run by itself; the procedure
     * exists from Citus 11 on, so psql looks for it first.
     */
    @Override
    public List<String> script(PlanEntry entry, List<PlanEntry> plan) {
        List<String> lines = new java.util.ArrayList<>(Recipe.super.script(entry, plan));
        lines.add("-- citus: finish the upgrade where this Citus has the procedure for it (Citus 11 and later)");
        lines.add("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_proc WHERE proname = 'citus_finish_citus_upgrade'"
                + " AND pronamespace = 'pg_catalog'::pg_catalog.regnamespace) AS extguard_citus_finish \\gset");
        lines.add("\\if :extguard_citus_finish");
        lines.add("CALL pg_catalog.citus_finish_citus_upgrade();");
        lines.add("\\endif");
        return lines;
    }

    @Override
    public Map<String, String> probes() {
        return Map.of(EXTENSION, "SELECT count(*) FROM pg_catalog.citus_get_active_worker_nodes()");
    }
}
