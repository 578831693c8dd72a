package io.extguard.plan;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An {@link ExtensionLibrary} that answers from another one except where it says otherwise, in the
 * manner of Guava's {@code Forwarding*} classes: the candidate image's facts are the library facts of
 * its own server, marked as the candidate's (catalog/CandidateImage), and tests change one answer of
 * an in-memory library the same way.
 */
public interface ForwardingExtensionLibrary extends ExtensionLibrary {

    /** The library every answer not overridden comes from. */
    ExtensionLibrary delegate();

    @Override
    default Optional<String> defaultVersion(String extension) {
        return delegate().defaultVersion(extension);
    }

    @Override
    default Set<String> knownVersions(String extension) {
        return delegate().knownVersions(extension);
    }

    @Override
    default boolean hasUpdatePath(String extension, String from, String to) {
        return delegate().hasUpdatePath(extension, from, to);
    }

    @Override
    default List<String> requires(String extension, String version) {
        return delegate().requires(extension, version);
    }

    @Override
    default ControlFlags controlFlags(String extension, String version) {
        return delegate().controlFlags(extension, version);
    }

    @Override
    default boolean isCandidateImage() {
        return delegate().isCandidateImage();
    }
}
