package io.extguard.plan;

/**
 * The role extguard is connected as. A superuser may update every extension; any other role only
 * what {@link Privileges} allows it.
 */
public record Role(String name, boolean superuser) {
    /** What a planner assumes when nobody asked the server: every update is attempted, as a superuser's would be. */
    public static final Role ASSUMED_SUPERUSER = new Role(null, true);
}
