package io.extguard.testsupport;

/**
 * The two "images" of the {@code extguard_fixture} extension (src/test/c/extguard_fixture): the
 * shared library compiled as that version plus the control file and SQL scripts shipped with it.
 * Installing {@link #V2_0} over a server whose databases have 1.0 recreates the state after a
 * package or image upgrade that extguard repairs.
 */
public enum FixtureVersion {

    /** Control file with default_version 1.0, the 1.0 install script and the 1.0 library. */
    V1_0("1.0"),

    /** Control file with default_version 2.0, the 1.0, 1.0--2.0 and 2.0 scripts and the 2.0 library. */
    V2_0("2.0");

    /** The extension's name, as used in CREATE/ALTER EXTENSION. */
    public static final String EXTENSION_NAME = "extguard_fixture";

    private final String version;

    FixtureVersion(String version) {
        this.version = version;
    }

    /** The version string, as in pg_extension.extversion ("1.0", "2.0"). */
    public String version() {
        return version;
    }

    @Override
    public String toString() {
        return version;
    }
}
