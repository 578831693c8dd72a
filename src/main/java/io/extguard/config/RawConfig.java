package io.extguard.config;

import io.extguard.model.ExtguardException;
import io.extguard.util.Suggestions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * extguard's settings from the environment and property files, exactly as written. Values are
 * read from each source directly, never through an expression evaluator, so a password with
 * {@code ${x}} or {@code $$} in a URL arrives byte for byte. Plain Java: tests build it from maps.
 */
public final class RawConfig {
    /** Names that belong to extguard's own test suite (system properties such as extguard.test.pg-config). */
    private static final String TEST_PREFIX = "extguard.test.";
    /** Variables of the bin/extguard launcher, which a user may well keep exported. */
    private static final java.util.Set<String> LAUNCHER_VARIABLES = java.util.Set.of("EXTGUARD_AOT", "EXTGUARD_APP");

    /**
     * One source, highest precedence first in the list.
     *
     * @param environment whether its keys are spelt as environment variables ({@code EXTGUARD_WAIT})
     * @param origin      where it is, for messages (a file name, "system properties"); null for the environment
     */
    public record Layer(Map<String, String> entries, boolean environment, String origin) {
        public Layer {
            entries = Map.copyOf(entries);
        }
    }

    private final List<Layer> layers;
    private final List<String> profiles;

    public RawConfig(List<Layer> layers, List<String> profiles) {
        this.layers = List.copyOf(layers);
        this.profiles = List.copyOf(profiles);
    }

    public static RawConfig ofEnvironment(Map<String, String> env) {
        return new RawConfig(List.of(new Layer(env, true, null)), List.of());
    }

    /** The value with the highest precedence, if any source sets it. */
    public Optional<Setting> get(Key key) {
        for (Layer layer : layers) {
            Optional<Setting> found = layer.environment()
                    ? Optional.ofNullable(layer.entries().get(key.environmentVariable()))
                            .map(v -> new Setting(key, null, v, key.environmentVariable()))
                    : fromProperties(layer, key.property()).map(e -> new Setting(key, null, e.getValue(), e.getKey()));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Every name set under a keyed setting, each with its value from the source of highest precedence. */
    public Map<String, Setting> keyed(Key key) {
        Map<String, Setting> result = new LinkedHashMap<>();
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer layer = layers.get(i);
            String prefix = layer.environment() ? key.environmentVariable() + "_" : key.property() + ".";
            for (Map.Entry<String, String> e : activeEntries(layer).entrySet()) {
                if (e.getKey().startsWith(prefix)) {
                    String name = e.getKey().substring(prefix.length());
                    name = layer.environment() ? name.toLowerCase(Locale.ROOT) : unquoted(name);
                    result.put(name, new Setting(key, name, e.getValue(), e.getKey()));
                }
            }
        }
        return result;
    }

    /**
     * Stops on the first name under extguard's prefixes that means nothing, naming the nearest
     * real one: an initContainer with {@code EXTGUARD_DATABASE=t_01} must not visit every database.
     */
    public void requireKnownNames() {
        for (Layer layer : layers) {
            for (String name : new TreeSet<>(activeEntries(layer).keySet())) {
                if (!isKnown(name, layer.environment())) {
                    throw unknown(name, layer);
                }
            }
        }
    }

    private static boolean isKnown(String name, boolean environment) {
        if (environment) {
            return !name.startsWith(Key.ENV_PREFIX) || LAUNCHER_VARIABLES.contains(name) || Arrays.stream(Key.values()).anyMatch(k -> k.keyed()
                    ? name.startsWith(k.environmentVariable() + "_") && name.length() > k.environmentVariable().length() + 1
                    : name.equals(k.environmentVariable()));
        }
        return !name.startsWith(Key.PROPERTY_PREFIX) || name.startsWith(TEST_PREFIX)
                || Arrays.stream(Key.values()).anyMatch(k -> k.keyed()
                        ? name.startsWith(k.property() + ".") && name.length() > k.property().length() + 1
                        : name.equals(k.property()));
    }

    private static ExtguardException unknown(String name, Layer layer) {
        List<String> known = new ArrayList<>();
        for (Key k : Key.values()) {
            known.add(layer.environment() ? k.environmentVariable() + (k.keyed() ? "_<NAME>" : "")
                    : k.property() + (k.keyed() ? ".<name>" : ""));
        }
        String what = layer.environment() ? "environment variable " + name
                : "property " + name + (layer.origin() == null ? "" : " (in " + layer.origin() + ")");
        return ExtguardException.usage("Unknown " + what + ": extguard has no such setting, and will not guess."
                + Suggestions.didYouMean(name, known) + " Remove or rename it; the README lists every setting.");
    }

    /** A property source's entries with the active profiles' {@code %profile.} variants folded in. */
    private Map<String, String> activeEntries(Layer layer) {
        if (layer.environment()) {
            return layer.entries();
        }
        Map<String, String> active = new LinkedHashMap<>();
        layer.entries().forEach((k, v) -> {
            if (!k.startsWith("%")) {
                active.put(k, v);
            }
        });
        for (String profile : profiles.reversed()) {
            String prefix = "%" + profile + ".";
            layer.entries().forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    active.put(k.substring(prefix.length()), v);
                }
            });
        }
        return active;
    }

    private Optional<Map.Entry<String, String>> fromProperties(Layer layer, String property) {
        for (String profile : profiles) {
            String value = layer.entries().get("%" + profile + "." + property);
            if (value != null) {
                return Optional.of(Map.entry(property, value));
            }
        }
        return Optional.ofNullable(layer.entries().get(property)).map(v -> Map.entry(property, v));
    }

    /** SmallRye Config lets a name with dots be quoted: {@code extguard.pin."my.ext"}. */
    private static String unquoted(String name) {
        return name.length() > 1 && name.startsWith("\"") && name.endsWith("\"") ? name.substring(1, name.length() - 1)
                : name;
    }

    public List<String> profiles() {
        return profiles;
    }
}
