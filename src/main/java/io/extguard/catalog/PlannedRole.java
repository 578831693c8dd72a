package io.extguard.catalog;

import io.extguard.connect.Query;
import io.extguard.model.ExtguardException;
import io.extguard.plan.DatabaseGrants;
import io.extguard.plan.Role;
import io.extguard.util.Names;
import io.extguard.util.Suggestions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The privileges of a role other than the connected one ({@code check --preflight-role}): the role
 * preflight will run as, foreseen from a read-only session. Read once per server from
 * {@code pg_roles} and {@code pg_database} with the privilege functions, which answer for any
 * role: whether it is a superuser or a managed service's administrator (as
 * {@link io.extguard.connect.ServerState} asks for the connected role), which roles' objects it
 * owns through membership, and on which databases it has CREATE.
 */
public record PlannedRole(Role role, Set<String> actsAsOwner, Map<String, Boolean> mayCreate) {
    private static final String ROLE = """
            SELECT r.rolsuper,
                   coalesce((SELECT min(a.rolname) FROM pg_catalog.pg_roles a
                              WHERE a.rolname IN ('rds_superuser', 'azure_pg_admin', 'cloudsqlsuperuser')
                                AND pg_catalog.pg_has_role(r.oid, a.oid, 'MEMBER')),
                            CASE WHEN pg_catalog.current_setting('supautils.privileged_extensions', true) IS NOT NULL
                                 THEN 'supautils' END)
              FROM pg_catalog.pg_roles r WHERE r.rolname = ?""";
    private static final String OWNERS =
            "SELECT rolname FROM pg_catalog.pg_roles WHERE pg_catalog.pg_has_role(?::name, oid, 'USAGE')";
    private static final String CREATE =
            "SELECT datname, pg_catalog.has_database_privilege(?::name, oid, 'CREATE') FROM pg_catalog.pg_database";
    private static final String ROLE_NAMES = "SELECT rolname FROM pg_catalog.pg_roles";

    public PlannedRole {
        actsAsOwner = Set.copyOf(actsAsOwner);
        mayCreate = Map.copyOf(mayCreate);
    }

    /** @param source how the user named the role, for the error when it does not exist */
    public static PlannedRole read(Connection connection, String name, String source) throws SQLException {
        Optional<Role> found = Query.first(connection, ROLE, rs -> new Role(name, rs.getBoolean(1), rs.getString(2)), name);
        if (found.isEmpty()) {
            throw ExtguardException.usage("No role " + Names.display(name) + " on the server (named by " + source
                    + "); nothing was checked." + Suggestions.didYouMean(name, roleNames(connection)));
        }
        Role role = found.get();
        return new PlannedRole(role, strings(connection, OWNERS, name), creates(connection, name));
    }

    /** What this role may do in a database, given who owns its extensions there. */
    public DatabaseGrants grants(String database, DatabaseGrants read) {
        Set<String> owned = new HashSet<>();
        read.owners().forEach((extension, owner) -> {
            if (actsAsOwner.contains(owner)) {
                owned.add(extension);
            }
        });
        return DatabaseGrants.of(read.owners(), owned, mayCreate.getOrDefault(database, false));
    }

    private static Set<String> strings(Connection c, String sql, String name) throws SQLException {
        return new HashSet<>(Query.list(c, sql, rs -> rs.getString(1), name));
    }

    private static Map<String, Boolean> creates(Connection c, String name) throws SQLException {
        Map<String, Boolean> out = new HashMap<>();
        Query.forEach(c, CREATE, rs -> out.put(rs.getString(1), rs.getBoolean(2)), name);
        return out;
    }

    private static Set<String> roleNames(Connection c) throws SQLException {
        return new TreeSet<>(Query.list(c, ROLE_NAMES, rs -> rs.getString(1)));
    }
}
