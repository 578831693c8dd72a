package io.extguard.cli;

import io.extguard.apply.ActiveProbes;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Gives every option its configuration property and environment variable: {@code --lock-timeout}
 * reads {@code extguard.lock-timeout}, which SmallRye Config also finds as
 * {@code EXTGUARD_LOCK_TIMEOUT}. One source of truth, so {@code --help} shows the defaults that
 * apply, whatever set them.
 */
public final class ConfigDefaults implements IDefaultValueProvider {
    static final String PREFIX = "extguard.";
    static final String PIN_PREFIX = "extguard.pin.";
    static final String PROBE_PREFIX = "extguard.probe.";
    private static final String PIN_ENV_PREFIX = "EXTGUARD_PIN_";

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        // An option whose property lives in a sub-namespace names it in descriptionKey.
        String name = option.descriptionKey().isEmpty() ? option.longestName().replaceFirst("^--", "")
                : option.descriptionKey();
        Config config = ConfigProvider.getConfig();
        if (name.equals("pin")) {
            return joined(keyed(config, PIN_PREFIX, PIN_ENV_PREFIX));
        }
        if (name.equals("citus.node-address") || name.equals("citus.node-url")) {
            String prefix = PREFIX + name + ".";
            return joined(keyed(config, prefix, prefix.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_')));
        }
        return config.getOptionalValue(PREFIX + name, String.class).orElse(null);
    }

    public static String propertyFor(String longOption) {
        return PREFIX + longOption.replaceFirst("^--", "");
    }

    /** The built-in active probes, overridden or extended by {@code extguard.probe.<extension>=<SQL>}. */
    public static Map<String, String> probes() {
        Config config = ConfigProvider.getConfig();
        Map<String, String> probes = new TreeMap<>(ActiveProbes.DEFAULTS);
        for (String key : config.getPropertyNames()) {
            if (key.startsWith(PROBE_PREFIX)) {
                String extension = key.substring(PROBE_PREFIX.length()).replace("\"", "");
                config.getOptionalValue(key, String.class).ifPresent(sql -> probes.put(extension, sql));
            }
        }
        return probes;
    }

    /**
     * Options that take many keys ({@code extguard.pin.vector=0.8.0}), collected from properties
     * and from environment variables, where the key can only be lower-cased back.
     */
    static Map<String, String> keyed(Config config, String propertyPrefix, String envPrefix) {
        Map<String, String> values = new TreeMap<>();
        for (String key : config.getPropertyNames()) {
            String name = null;
            if (key.startsWith(propertyPrefix)) {
                name = key.substring(propertyPrefix.length()).replace("\"", "");
            } else if (key.startsWith(envPrefix)) {
                name = key.substring(envPrefix.length()).toLowerCase(Locale.ROOT);
            }
            if (name != null && !name.isEmpty()) {
                String k = name;
                config.getOptionalValue(key, String.class).ifPresent(v -> values.put(k, v));
            }
        }
        return values;
    }

    /** The form a map option takes its default in: {@code a=1,b=2}. */
    static String joined(Map<String, String> values) {
        if (values.isEmpty()) {
            return null;
        }
        StringBuilder joined = new StringBuilder();
        values.forEach((k, v) -> joined.append(joined.isEmpty() ? "" : ",").append(k).append('=').append(v));
        return joined.toString();
    }
}
