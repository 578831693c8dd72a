package io.extguard.ship;

import io.extguard.config.ExtguardConfig;
import io.extguard.config.Key;
import io.extguard.config.RawConfig;
import io.extguard.connect.ConnectionSettings;
import io.extguard.connect.ConnectionSettingsResolver;
import io.extguard.model.ExtguardException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The environment variables extguard reads, derived from the application rather than listed by
 * hand, so a manifest that uses a name or value extguard would refuse fails its test:
 * EXTGUARD_* names and values go through extguard's own configuration checks
 * ({@link io.extguard.config.RawConfig}, {@link ExtguardConfig}); QUARKUS_* names must be the
 * environment form of a quarkus.* property that application.properties sets; libpq variables
 * count if they change the resolved connection; SKIP_EXTENSION_UPDATE is read by preflight.
 */
final class ExtguardEnvironment {
    static final Set<String> READ_THROUGH_CONFIG = Set.of("SKIP_EXTENSION_UPDATE");

    private ExtguardEnvironment() {
    }

    static String envName(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    static Properties applicationProperties() {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(Repo.path("src/main/resources/application.properties"))) {
            props.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props;
    }

    /** Property names of application.properties without their %profile. prefix. */
    static Set<String> propertyNames() {
        Set<String> names = new TreeSet<>();
        for (String key : applicationProperties().stringPropertyNames()) {
            names.add(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key);
        }
        return names;
    }

    /** A property's value in application.properties. */
    static String property(String name) {
        return applicationProperties().getProperty(name);
    }

    /** The built-in default of an extguard setting. */
    static String defaultOf(Key key) {
        return key.defaultValue().orElseThrow();
    }

    /** Why extguard reads this variable, or empty if it does not. */
    static Optional<String> reads(String name) {
        if (name.startsWith(Key.ENV_PREFIX)) {
            try {
                RawConfig.ofEnvironment(Map.of(name, "x")).requireKnownNames();
                return Optional.of("an extguard setting (io.extguard.config.Key)");
            } catch (ExtguardException e) {
                return Optional.empty();
            }
        }
        for (String property : propertyNames()) {
            if (property.startsWith("quarkus.") && envName(property).equals(name)) {
                return Optional.of("property " + property);
            }
        }
        if (READ_THROUGH_CONFIG.contains(name)) {
            return Optional.of("read by preflight as strictly as EXTGUARD_SKIP");
        }
        if (name.startsWith("PG") && libpqVariableChangesConnection(name)) {
            return Optional.of("libpq variable used by the connection resolver");
        }
        return Optional.empty();
    }

    /** Why extguard would refuse this value, if it would: it goes through extguard's own configuration checks. */
    static Optional<String> rejects(String name, String value) {
        if (!name.startsWith(Key.ENV_PREFIX)) {
            return Optional.empty();
        }
        ExtguardConfig config = new ExtguardConfig(Map.of(), RawConfig.ofEnvironment(Map.of(name, value)));
        try {
            config.validateAll();
            config.httpPort();
            config.sidecarInterval();
            config.fullSweepInterval();
            config.remediate();
            config.degradedIsDown();
            return Optional.empty();
        } catch (ExtguardException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** A libpq variable counts if some plausible value changes what the resolver returns. */
    static boolean libpqVariableChangesConnection(String name) {
        String without = describe(Map.of());
        for (String value : List.of("probe.example", "5433", "require", "probe-value", "/tmp/probe.pem")) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put(name, value);
            try {
                if (!describe(env).equals(without)) {
                    return true;
                }
            } catch (ExtguardException e) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Map<String, String> env) {
        ConnectionSettings s = new ConnectionSettingsResolver(env).resolve(null, null);
        return s.hosts() + "|" + s.user() + "|" + (s.password() == null ? null : s.password().reveal()) + "|"
                + s.maintenanceDatabase() + "|" + new TreeMap<>(s.driverProperties());
    }
}
