package io.extguard.testsupport;

/**
 * The two "images" of the {@code citus} stand-in (src/test/c/citus_stand_in, see citus_stand_in.c
 * there for what it imitates of Citus): the library {@code citus.so} compiled as that Citus
 * MAJOR.MINOR plus the control file and SQL scripts shipped with it. Installing {@link #V13_0}
 * over a node whose databases have 12.1-1 and restarting it recreates the state after a Citus
 * package or image upgrade: every Citus function then fails with XX000 "loaded Citus library
 * version differs from installed extension version" until ALTER EXTENSION citus UPDATE.
 *
 * <p>The library must be preloaded: servers with the stand-in's files need
 * {@link #SHARED_PRELOAD_LIBRARIES} in their configuration (as Citus requires), and only pick up
 * a swapped library when restarted.
 */
public enum CitusVersion {

    /** Control file with default_version 12.1-1, the 12.1-1 install script and the 12.1 library. */
    V12_1("12.1-1", "12.1"),

    /**
     * Control file with default_version 13.0-1, the 12.1-1, 12.1-1--13.0-1 and 13.0-1 scripts and
     * the 13.0 library.
     */
    V13_0("13.0-1", "13.0");

    /** The extension's name, as used in CREATE/ALTER EXTENSION. */
    public static final String EXTENSION_NAME = "citus";

    /** The postgresql.conf line every server with the stand-in's files needs, e.g. for {@code PgServer.Builder.config}. */
    public static final String SHARED_PRELOAD_LIBRARIES = "shared_preload_libraries = 'citus'";

    private final String extensionVersion;
    private final String libraryVersion;

    CitusVersion(String extensionVersion, String libraryVersion) {
        this.extensionVersion = extensionVersion;
        this.libraryVersion = libraryVersion;
    }

    /** The extension version, as in pg_extension.extversion ("12.1-1", "13.0-1"). */
    public String extensionVersion() {
        return extensionVersion;
    }

    /** The library's MAJOR.MINOR ("12.1", "13.0"), as in the version check's DETAIL. */
    public String libraryVersion() {
        return libraryVersion;
    }

    @Override
    public String toString() {
        return extensionVersion;
    }
}
