package io.extguard.config;

import io.smallrye.config.SmallRyeConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Builds {@link RawConfig} from the running application's configuration sources, reading each
 * source's values directly: {@code ConfigSource.getValue} returns the text as written, whereas
 * {@code Config.getValue} would expand {@code ${...}} in it. The environment is taken from the
 * process itself, at the precedence SmallRye gives it (300: below system properties, above files).
 */
public final class ConfigSources {
    private static final int ENVIRONMENT_ORDINAL = 300;

    private ConfigSources() {
    }

    public static RawConfig current(Map<String, String> env) {
        Config config = ConfigProvider.getConfig();
        List<RawConfig.Layer> layers = new ArrayList<>();
        boolean environmentAdded = false;
        for (ConfigSource source : config.getConfigSources()) {
            if (!environmentAdded && source.getOrdinal() <= ENVIRONMENT_ORDINAL) {
                layers.add(new RawConfig.Layer(env, true, null));
                environmentAdded = true;
            }
            if (!isEnvironment(source)) {
                layers.add(new RawConfig.Layer(extguardEntries(source), false, origin(source)));
            }
        }
        if (!environmentAdded) {
            layers.add(new RawConfig.Layer(env, true, null));
        }
        return new RawConfig(layers, config.unwrap(SmallRyeConfig.class).getProfiles());
    }

    private static boolean isEnvironment(ConfigSource source) {
        return source.getClass().getSimpleName().contains("EnvConfigSource")
                || String.valueOf(source.getName()).startsWith("EnvConfigSource");
    }

    private static Map<String, String> extguardEntries(ConfigSource source) {
        Map<String, String> entries = new HashMap<>();
        for (String name : source.getPropertyNames()) {
            String bare = name.startsWith("%") && name.indexOf('.') > 0 ? name.substring(name.indexOf('.') + 1) : name;
            if (bare.startsWith(Key.PROPERTY_PREFIX)) {
                String value = source.getValue(name);
                if (value != null) {
                    entries.put(name, value);
                }
            }
        }
        return entries;
    }

    private static String origin(ConfigSource source) {
        String name = String.valueOf(source.getName());
        if (name.contains("SysPropConfigSource")) {
            return "a -D system property";
        }
        int file = name.lastIndexOf('/');
        return file >= 0 ? name.substring(file + 1).replace("]", "") : name;
    }
}
