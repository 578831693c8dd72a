package io.extguard.testsupport;

/**
 * A SQL-only fixture extension, {@code nopath}, that ships an install script per version and no
 * update script between them, as pg_repack, hypopg and pgaudit do across majors. Its domain
 * {@code sku} lets a test make a table column depend on the extension.
 */
public final class NoPathExtension {
    public static final String NAME = "nopath";

    private NoPathExtension() {
    }

    /** The image ships {@code version} only: its control file and its install script. */
    public static void install(PgInstall install, String version) {
        install.putExtensionFile(NAME + ".control", "comment = 'extguard test extension without update scripts'\n"
                + "default_version = '" + version + "'\nrelocatable = false\n");
        install.putExtensionFile(NAME + "--" + version + ".sql",
                "CREATE DOMAIN @extschema@.sku AS text CHECK (VALUE ~ '^[A-Z]{3}-[0-9]+$');\n"
                        + "CREATE FUNCTION @extschema@.nopath_version() RETURNS text LANGUAGE sql AS $$ SELECT '"
                        + version + "'::text $$;\n");
    }

    /** A newer image: {@code to} replaces {@code from}, with no script from one to the other. */
    public static void replace(PgInstall install, String from, String to) {
        install(install, to);
        install.removeExtensionFile(NAME + "--" + from + ".sql");
    }
}
