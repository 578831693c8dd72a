package io.extguard.ship;

import io.extguard.cli.ExtguardCommand;
import io.extguard.connect.ConnectionSettings;
import io.extguard.connect.ConnectionSettingsResolver;
import io.extguard.error.ExtguardException;
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
 * hand, so a renamed option makes a manifest that still uses the old name fail its test:
 * <ul>
 *   <li>every option of every command, {@code --lock-timeout} as {@code EXTGUARD_LOCK_TIMEOUT} (or
 *       its descriptionKey, {@code sidecar.interval} as {@code EXTGUARD_SIDECAR_INTERVAL}), the way
 *       {@code ConfigDefaults} looks them up; {@code --pin} as the prefix {@code EXTGUARD_PIN_};</li>
 *   <li>every {@code extguard.*} property in application.properties ({@code EXTGUARD_HTTP_PORT});</li>
 *   <li>{@code QUARKUS_*} variables that are the environment form of a {@code quarkus.*} property
 *       that application.properties sets (so a real Quarkus property, e.g.
 *       {@code QUARKUS_LOG_CONSOLE_JSON_ENABLED});</li>
 *   <li>libpq variables that {@link ConnectionSettingsResolver} actually uses: a variable counts if
 *       setting it changes the resolved connection (or is rejected as invalid);</li>
 *   <li>{@code SKIP_EXTENSION_UPDATE}, read by preflight through MicroProfile Config
 *       (io.extguard.it.SkipTest shows it works).</li>
 * </ul>
 */
final class ExtguardEnvironment {
    static final String PIN_PREFIX = "EXTGUARD_PIN_";
    static final Set<String> READ_THROUGH_CONFIG = Set.of("SKIP_EXTENSION_UPDATE");

    /** Environment variable name -> the command-line option it stands for, with its command. */
    record OptionRef(String command, String option) {
    }

    private ExtguardEnvironment() {
    }

    static String envName(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** EXTGUARD_* variables of the command-line options, with the option each one sets. */
    static Map<String, OptionRef> optionVariables() {
        Map<String, OptionRef> vars = new TreeMap<>();
        CommandLine root = new CommandLine(new ExtguardCommand());
        for (Map.Entry<String, CommandLine> sub : root.getSubcommands().entrySet()) {
            for (OptionSpec option : sub.getValue().getCommandSpec().options()) {
                if (option.usageHelp() || option.versionHelp()) {
                    continue;
                }
                String key = option.descriptionKey().isEmpty() ? option.longestName().replaceFirst("^--", "")
                        : option.descriptionKey();
                vars.putIfAbsent(envName("extguard." + key), new OptionRef(sub.getKey(), option.longestName()));
            }
        }
        return vars;
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

    /** The prod value of a property in application.properties, with ${...} expanded once. */
    static String property(String name) {
        Properties props = applicationProperties();
        String value = props.getProperty(name);
        if (value != null && value.startsWith("${") && value.endsWith("}")) {
            value = props.getProperty(value.substring(2, value.length() - 1));
        }
        return value;
    }

    /** Why extguard reads this variable, or empty if it does not. */
    static Optional<String> reads(String name) {
        if (optionVariables().containsKey(name)) {
            OptionRef ref = optionVariables().get(name);
            return Optional.of("option " + ref.option() + " of extguard " + ref.command());
        }
        if (name.startsWith(PIN_PREFIX) && name.length() > PIN_PREFIX.length()
                && optionVariables().values().stream().anyMatch(r -> r.option().equals("--pin"))) {
            return Optional.of("a pin (--pin)");
        }
        for (String property : propertyNames()) {
            if ((property.startsWith("extguard.") || property.startsWith("quarkus.")) && envName(property).equals(name)) {
                return Optional.of("property " + property);
            }
        }
        if (READ_THROUGH_CONFIG.contains(name)) {
            return Optional.of("read by preflight through MicroProfile Config");
        }
        if (name.startsWith("PG") && libpqVariableChangesConnection(name)) {
            return Optional.of("libpq variable used by the connection resolver");
        }
        return Optional.empty();
    }

    /**
     * Why extguard would refuse this value, if it would: the value goes through the option's own
     * picocli type and converter (durations, numbers, enums), as the configured default would.
     */
    static Optional<String> rejects(String name, String value) {
        OptionRef ref = optionVariables().get(name);
        if (ref == null) {
            return Optional.empty();
        }
        CommandLine root = new CommandLine(new ExtguardCommand());
        root.setCaseInsensitiveEnumValuesAllowed(true);
        // Not the configuration: only this value is under test.
        root.setDefaultValueProvider(null);
        try {
            root.parseArgs(ref.command(), ref.option() + "=" + value);
            return Optional.empty();
        } catch (CommandLine.ParameterException e) {
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
