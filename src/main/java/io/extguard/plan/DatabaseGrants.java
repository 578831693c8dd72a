package io.extguard.plan;

import java.util.Map;
import java.util.Set;

/**
 * What the connected role may do in one database, read from that database: who owns each installed
 * extension, which of them the role owns (directly or through a role it inherits), and whether it
 * has CREATE on the database.
 *
 * @param known false when nobody read them; then no update is foreseen as blocked
 */
public record DatabaseGrants(boolean known, Map<String, String> owners, Set<String> ownedByRole, boolean mayCreate) {
    /** Not read: plans as before privileges were foreseen. */
    public static final DatabaseGrants UNKNOWN = new DatabaseGrants(false, Map.of(), Set.of(), true);

    public DatabaseGrants {
        owners = Map.copyOf(owners);
        ownedByRole = Set.copyOf(ownedByRole);
    }

    public static DatabaseGrants of(Map<String, String> owners, Set<String> ownedByRole, boolean mayCreate) {
        return new DatabaseGrants(true, owners, ownedByRole, mayCreate);
    }
}
