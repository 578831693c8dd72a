package io.extguard.testsupport;

/**
 * The two "images" of the {@code timescaledb} stand-in (src/test/c/timescaledb_stand_in, see
 * loader.c there for what it imitates of TimescaleDB's loader): the preloaded loader
 * {@code timescaledb.so}, the versioned library {@code timescaledb-<version>.so}, and the control
 * file and SQL scripts of that release.
 *
 * <p>Servers with the stand-in's files need {@link #SHARED_PRELOAD_LIBRARIES}, as TimescaleDB
 * does. Installing {@link #V2_19_3} over a server whose databases have 2.17.2 and restarting it
 * recreates a TimescaleDB image upgrade, in one of two variants (see
 * {@link PgInstall#installTimescaleStandIn(TimescaleVersion, boolean)}): the image still ships the
 * old versioned library (most official images do), or only the new one.
 */
public enum TimescaleVersion {

    /** default_version 2.17.2, its install script, the loader and timescaledb-2.17.2.so. */
    V2_17_2("2.17.2"),

    /**
     * default_version 2.19.3, its install script and the 2.17.2--2.19.3 update script, the loader
     * and timescaledb-2.19.3.so.
     */
    V2_19_3("2.19.3");

    public static final String EXTENSION_NAME = "timescaledb";

    /** The postgresql.conf line every server with the stand-in's files needs. */
    public static final String SHARED_PRELOAD_LIBRARIES = "shared_preload_libraries = 'timescaledb'";

    private final String version;

    TimescaleVersion(String version) {
        this.version = version;
    }

    /** As in pg_extension.extversion and in the versioned library's name. */
    public String version() {
        return version;
    }

    /** The versioned library's file name, e.g. {@code timescaledb-2.17.2.so}. */
    public String libraryFile() {
        return EXTENSION_NAME + "-" + version + ".so";
    }

    @Override
    public String toString() {
        return version;
    }
}
