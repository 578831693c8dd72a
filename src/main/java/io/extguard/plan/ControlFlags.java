package io.extguard.plan;

/**
 * The control file's {@code superuser} and {@code trusted} of one extension version, as
 * {@code pg_available_extension_versions} shows them.
 */
public record ControlFlags(boolean superuser, boolean trusted) {
    /** What a library that does not know says: no superuser needed. */
    public static final ControlFlags UNRESTRICTED = new ControlFlags(false, false);
}
