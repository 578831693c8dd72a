package io.extguard.plan;

/**
 * The role extguard is connected as. A superuser may update every extension; any other role only
 * what {@link Privileges} allows it.
 *
 * @param serviceAdmin a managed service's administrator role this role belongs to ({@code rds_superuser},
 *                     {@code azure_pg_admin}, {@code cloudsqlsuperuser}, or {@code supautils} on Supabase),
 *                     or null. Such services let it create and update allow-listed extensions through their
 *                     own hooks, by rules the catalogs do not show, so nothing is foreseen for it.
 */
public record Role(String name, boolean superuser, String serviceAdmin) {
    /** What a planner assumes when nobody asked the server: every update is attempted, as a superuser's would be. */
    public static final Role ASSUMED_SUPERUSER = new Role(null, true, null);

    public Role(String name, boolean superuser) {
        this(name, superuser, null);
    }

    /** Whether extguard can tell in advance what this role may update. */
    public boolean foreseeable() {
        return !superuser && serviceAdmin == null;
    }
}
