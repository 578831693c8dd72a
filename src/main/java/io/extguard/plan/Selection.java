package io.extguard.plan;

import io.extguard.discovery.NameFilter;
import java.util.Map;
import java.util.Set;

/**
 * Which extensions to look at and where to take them. Pins fix a target version; ensured
 * extensions are created where they are missing.
 */
public record Selection(NameFilter extensions, Map<String, String> pins, Set<String> ensure, Set<String> recreate) {

    public Selection {
        pins = Map.copyOf(pins);
        ensure = Set.copyOf(ensure);
        recreate = Set.copyOf(recreate);
    }

    public Selection(NameFilter extensions, Map<String, String> pins, Set<String> ensure) {
        this(extensions, pins, ensure, Set.of());
    }

    public static Selection everything() {
        return new Selection(NameFilter.all(), Map.of(), Set.of());
    }

    boolean selects(String extension) {
        return ensure.contains(extension) || extensions.accepts(extension);
    }
}
