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
            return pins(config);
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

    /** Pins come from many keys ({@code extguard.pin.vector=0.8.0}), joined as the option takes them. */
    static String pins(Config config) {
        Map<String, String> pins = new TreeMap<>();
        for (String key : config.getPropertyNames()) {
            String extension = null;
            if (key.startsWith(PIN_PREFIX)) {
                extension = key.substring(PIN_PREFIX.length()).replace("\"", "");
            } else if (key.startsWith(PIN_ENV_PREFIX)) {
                extension = key.substring(PIN_ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
            }
            if (extension != null && !extension.isEmpty()) {
                String name = extension;
                config.getOptionalValue(key, String.class).ifPresent(v -> pins.put(name, v));
            }
        }
        if (pins.isEmpty()) {
            return null;
        }
        StringBuilder joined = new StringBuilder();
        pins.forEach((k, v) -> joined.append(joined.isEmpty() ? "" : ",").append(k).append('=').append(v));
        return joined.toString();
    }
}
