package io.extguard.recipe;

import io.extguard.model.Action;
import io.extguard.model.PlanEntry;
import io.extguard.util.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostGIS: its procedures can be stale while the catalog version is unchanged, and the family is
 * upgraded by its own function.
 *
 * <p>From PostGIS's postgis/postgis.sql.in (installed as postgis--3.3.2.sql): {@code postgis_full_version()}
 * compares {@code postgis_scripts_installed()} (a SQL function whose body the install or upgrade
 * script wrote, so it carries the release of the scripts that ran) with
 * {@code postgis_scripts_released()} (from the C library), and the raster, topology and sfcgal
 * script versions likewise, and appends {@code (core procs from "3.3.0 …" need upgrade)} and the
 * like. After a PostgreSQL major upgrade or a package upgrade within one version string, that is
 * the only sign: {@code ALTER EXTENSION postgis UPDATE} then answers "version 3.3.2 already
 * installed" and changes nothing. {@code postgis_extensions_upgrade()} (same file, since 2.5.0, "support
 * for upgrades from any PostGIS version" since 3.3.0) fixes the whole family: for a superuser it sets
 * {@code extversion = 'ANY'} and runs {@code ALTER EXTENSION … UPDATE TO} the default version, which
 * replays the {@code postgis--ANY--<version>.sql} scripts, for postgis, postgis_raster,
 * postgis_sfcgal, postgis_topology and postgis_tiger_geocoder. Both functions live in postgis's own
 * schema, which is not always {@code public}, so they are called schema-qualified.
 *
 * <p>{@code address_standardizer} and {@code address_standardizer_data_us} ship with PostGIS but
 * are not part of that function's family; they keep the generic recipe.
 */
final class PostgisRecipe implements Recipe {
    static final String POSTGIS = "postgis";
    private static final Set<String> FAMILY = Set.of(POSTGIS, "postgis_raster", "postgis_sfcgal", "postgis_topology",
            "postgis_tiger_geocoder");
    private static final Pattern NEEDS_UPGRADE = Pattern.compile("\\(([^()]*need upgrade[^()]*)\\)");
    private static final String SCHEMA = "SELECT n.nspname FROM pg_catalog.pg_extension e"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'postgis'";

    @Override
    public Set<String> extensions() {
        return FAMILY;
    }

    @Override
    public PlanEntry replan(Connection connection, PlanEntry entry) throws SQLException {
        if (!entry.extension().equals(POSTGIS) || entry.action() != Action.NONE) {
            return entry;
        }
        List<String> stale = staleParts(connection);
        if (stale.isEmpty()) {
            return entry;
        }
        return new PlanEntry(entry.database(), entry.extension(), entry.installed(), entry.target(), Action.UPDATE,
                "postgis_full_version() reports " + String.join(", ", stale)
                        + " at version " + entry.installed() + "; preflight runs postgis_extensions_upgrade()");
    }

    @Override
    public void apply(Connection connection, PlanEntry entry, List<PlanEntry> plan) throws SQLException {
        if (entry.extension().equals(POSTGIS)) {
            Recipe.execute(connection, "SELECT " + Sql.identifier(schema(connection)) + ".postgis_extensions_upgrade()");
            List<String> stale = staleParts(connection);
            if (!stale.isEmpty()) {
                // Without superuser the function only runs a plain ALTER, which leaves stale procedures.
                throw new SQLException("postgis_extensions_upgrade() left " + String.join(", ", stale)
                        + "; it needs a superuser to replay the upgrade scripts", "55000");
            }
            requireTargets(connection, plan);
        } else if (plan.stream().noneMatch(e -> e.extension().equals(POSTGIS) && e.isDrift())) {
            Recipe.super.apply(connection, entry, plan);
        }
        // Otherwise postgis_extensions_upgrade(), run for postgis, updated this member of the family too.
    }

    /*
     * postgis_extensions_upgrade() takes every installed member to the library's default version;
     * a member pinned elsewhere must not end up there, so the transaction is rolled back instead.
     */
    private static void requireTargets(Connection connection, List<PlanEntry> plan) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT extname, extversion FROM pg_catalog.pg_extension")) {
            Map<String, String> versions = new HashMap<>();
            while (rs.next()) {
                versions.put(rs.getString(1), rs.getString(2));
            }
            for (PlanEntry e : plan) {
                String now = versions.get(e.extension());
                if (FAMILY.contains(e.extension()) && e.target() != null && now != null && !now.equals(e.target())) {
                    throw new SQLException("postgis_extensions_upgrade() took " + e.extension() + " to " + now
                            + ", the library's default version, not to its target " + e.target()
                            + "; remove the pin, or update the PostGIS family by hand", "55000");
                }
            }
        }
    }

    /** As {@link #apply}: the family through postgis_extensions_upgrade() in postgis's own schema. */
    @Override
    public List<String> script(PlanEntry entry, List<PlanEntry> plan) {
        if (entry.extension().equals(POSTGIS)) {
            return List.of(SCHEMA + " \\gset extguard_postgis_",
                    "SELECT :\"extguard_postgis_nspname\".postgis_extensions_upgrade();");
        }
        if (plan.stream().noneMatch(e -> e.extension().equals(POSTGIS) && e.isDrift())) {
            return Recipe.super.script(entry, plan);
        }
        return List.of("-- updated by postgis_extensions_upgrade(), run for postgis");
    }

    /** The "… need upgrade" parts of postgis_full_version(), called in postgis's schema. */
    private static List<String> staleParts(Connection connection) throws SQLException {
        String schema = schema(connection);
        String fullVersion;
        try (Statement st = connection.createStatement()) {
            String previous = single(st, "SELECT pg_catalog.current_setting('search_path')");
            // postgis_full_version() calls postgis_raster_scripts_installed() unqualified: it must
            // find the raster functions in postgis's schema. Restored right after.
            st.execute("SELECT pg_catalog.set_config('search_path', " + Sql.literal(Sql.identifier(schema)) + ", false)");
            fullVersion = single(st, "SELECT " + Sql.identifier(schema) + ".postgis_full_version()");
            st.execute("SELECT pg_catalog.set_config('search_path', " + Sql.literal(previous) + ", false)");
        }
        List<String> parts = new ArrayList<>();
        Matcher m = NEEDS_UPGRADE.matcher(fullVersion == null ? "" : fullVersion);
        while (m.find()) {
            parts.add(m.group(1));
        }
        return parts;
    }

    private static String schema(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            return single(st, SCHEMA);
        }
    }

    private static String single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("no row from " + sql, "02000");
            }
            return rs.getString(1);
        }
    }
}
