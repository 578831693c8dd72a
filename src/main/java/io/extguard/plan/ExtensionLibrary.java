package io.extguard.plan;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the server's installed extension files offer. It is the same for every database of a
 * server, which is why implementations can answer once per run rather than once per database.
 */
public interface ExtensionLibrary {

    /** The control file's {@code default_version}; empty when no control file exists. */
    Optional<String> defaultVersion(String extension);

    /** Every version that appears in the extension's install or update scripts. */
    Set<String> knownVersions(String extension);

    /** Whether a chain of update scripts leads from one version to the other. */
    boolean hasUpdatePath(String extension, String from, String to);

    /** The extensions that the given version requires ({@code requires} in the control file). */
    List<String> requires(String extension, String version);

    /** The version's {@code superuser} and {@code trusted} control flags. */
    default ControlFlags controlFlags(String extension, String version) {
        return ControlFlags.UNRESTRICTED;
    }

    /**
     * Whether these facts come from a server started from the image about to be rolled out
     * ({@code check --library-from}) rather than from the server being planned for; plan
     * entries then say what would happen after the rollout.
     */
    default boolean isCandidateImage() {
        return false;
    }
}
