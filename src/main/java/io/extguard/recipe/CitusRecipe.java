package io.extguard.recipe;

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

    @Override
    public Map<String, String> probes() {
        return Map.of(EXTENSION, "SELECT count(*) FROM pg_catalog.citus_get_active_worker_nodes()");
    }
}
