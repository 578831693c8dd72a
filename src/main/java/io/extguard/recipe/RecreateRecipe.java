package io.extguard.recipe;

import io.extguard.model.Action;
import io.extguard.model.PlanEntry;
import io.extguard.util.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An extension whose image ships no update script (pg_repack, hypopg and pgaudit across majors,
 * among others), chosen with {@code --recreate}: {@code DROP EXTENSION} then {@code CREATE
 * EXTENSION … SCHEMA <its schema> VERSION <target>}, in the database's transaction, so a failure
 * leaves the old extension in place.
 *
 * <p>Only where nothing outside the extension depends on it, read from {@code pg_depend} the way
 * PostgreSQL's own {@code DROP} does (src/backend/catalog/dependency.c): the extension's members
 * are its {@code deptype 'e'} rows; their internal dependents ({@code 'i'}, e.g. a type's array
 * type) and their constraints and column defaults ({@code 'a'}, e.g. a domain's CHECK) go with
 * them. Any other object with a normal or automatic dependency on one of them,
 * or on the extension itself (another extension that requires it), is a dependent that a drop
 * would take along. Then extguard refuses, names the dependents, and changes nothing. It never
 * uses CASCADE; the plain {@code DROP EXTENSION} (RESTRICT) is the server's own second check.
 * The rows of the extension's configuration tables ({@code pg_extension_config_dump}) are lost.
 */
final class RecreateRecipe implements Recipe {
    private static final String DEPENDENTS = """
            WITH ext AS (SELECT oid FROM pg_catalog.pg_extension WHERE extname = ?),
            members AS (
                SELECT d.classid, d.objid FROM pg_catalog.pg_depend d, ext
                 WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.refobjid = ext.oid
                   AND d.deptype = 'e'),
            owned AS (
                SELECT classid, objid FROM members
                UNION SELECT d.classid, d.objid FROM pg_catalog.pg_depend d
                  JOIN members m ON d.refclassid = m.classid AND d.refobjid = m.objid
                 WHERE d.deptype = 'i'
                    OR (d.deptype = 'a' AND d.classid IN ('pg_catalog.pg_constraint'::pg_catalog.regclass,
                                                          'pg_catalog.pg_attrdef'::pg_catalog.regclass))),
            targets AS (
                SELECT classid, objid FROM owned
                UNION SELECT 'pg_catalog.pg_extension'::pg_catalog.regclass, oid FROM ext)
            SELECT DISTINCT pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid) AS dependent
              FROM pg_catalog.pg_depend d
              JOIN targets t ON d.refclassid = t.classid AND d.refobjid = t.objid
             WHERE d.deptype IN ('n', 'a')
               AND NOT EXISTS (SELECT 1 FROM owned o WHERE o.classid = d.classid AND o.objid = d.objid)
               AND NOT EXISTS (SELECT 1 FROM targets t2 WHERE t2.classid = d.classid AND t2.objid = d.objid)
             ORDER BY 1""";
    private static final String SCHEMA = "SELECT n.nspname FROM pg_catalog.pg_extension e"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = ?";

    @Override
    public Set<String> extensions() {
        return Set.of();
    }

    /** Turns the change into an error naming the dependents, if there are any. */
    @Override
    public PlanEntry replan(Connection connection, PlanEntry entry) throws SQLException {
        List<String> dependents = dependents(connection, entry.extension());
        if (dependents.isEmpty()) {
            return entry;
        }
        return new PlanEntry(entry.database(), entry.extension(), entry.installed(), entry.target(), Action.ERROR,
                "--recreate refused: the image has no update script from " + entry.installed() + " to " + entry.target()
                        + ", and dropping the extension would also drop what depends on it: "
                        + String.join(", ", dependents) + ". Change or drop those first, or keep an image with "
                        + entry.installed());
    }

    @Override
    public void apply(Connection connection, PlanEntry entry, List<PlanEntry> plan) throws SQLException {
        String schema = single(connection, SCHEMA, entry.extension());
        String name = Sql.identifier(entry.extension());
        Recipe.execute(connection, "DROP EXTENSION " + name + " RESTRICT");
        Recipe.execute(connection, "CREATE EXTENSION " + name + " SCHEMA " + Sql.identifier(schema)
                + " VERSION " + Sql.literal(entry.target()));
    }

    /**
     * As {@link #apply}, in the extension's own schema. RESTRICT makes the server refuse the drop
     * if anything outside the extension came to depend on it since the plan was written.
     */
    @Override
    public List<String> script(PlanEntry entry, List<PlanEntry> plan) {
        String name = Sql.identifier(entry.extension());
        return List.of(SCHEMA.replace("?", Sql.literal(entry.extension())) + " \\gset extguard_recreate_",
                "DROP EXTENSION " + name + " RESTRICT;",
                "CREATE EXTENSION " + name + " SCHEMA :\"extguard_recreate_nspname\" VERSION "
                        + Sql.literal(entry.target()) + ";");
    }

    static List<String> dependents(Connection connection, String extension) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement(DEPENDENTS)) {
            st.setString(1, extension);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static String single(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            st.setString(1, parameter);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("extension " + parameter + " is not installed", "42704");
                }
                return rs.getString(1);
            }
        }
    }
}
