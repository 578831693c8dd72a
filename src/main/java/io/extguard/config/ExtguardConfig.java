package io.extguard.config;

import io.extguard.model.OnFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * extguard's one configuration root: every setting, typed and checked, from the command line
 * first, then the environment and properties ({@link RawConfig}), then the built-in default.
 * Ranges are checked here, before anything connects, and every error names the setting as the
 * user wrote it. Plain Java: tests build it from maps.
 */
public final class ExtguardConfig {
    /** {@code sql}: the plan as a psql script, for check only. */
    public enum Output { TEXT, JSON, SQL }

    /** PostgreSQL keeps lock_timeout and statement_timeout in milliseconds, in an int. */
    static final Duration LONGEST_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);
    static final Duration LONGEST_WAIT = Duration.ofDays(1);
    static final int MOST_CONNECTIONS = 256;
    static final int MOST_RETRIES = 100;

    private final Map<Key, Setting> commandLine;
    private final RawConfig raw;

    public ExtguardConfig(Map<Key, Setting> commandLine, RawConfig raw) {
        this.commandLine = Map.copyOf(commandLine);
        this.raw = raw;
    }

    /** Where the value comes from: the command line, then the environment or properties, then the default. */
    public Setting setting(Key key) {
        Setting given = commandLine.get(key);
        return given != null ? given : raw.get(key).orElseGet(() -> Setting.builtIn(key));
    }

    private Optional<Setting> given(Key key) {
        Setting s = setting(key);
        return s.value() == null ? Optional.empty() : Optional.of(s);
    }

    /** Refuses any extguard.* or EXTGUARD_* name that is not a setting. */
    public ExtguardConfig requireKnownNames() {
        raw.requireKnownNames();
        return this;
    }

    public Optional<String> url() {
        return given(Key.URL).map(Values::text);
    }

    public Optional<Path> passwordFile() {
        return given(Key.PASSWORD_FILE).map(Values::text).map(Path::of);
    }

    /** The candidate image's server, for {@code check --library-from}. */
    public Optional<String> libraryFrom() {
        return given(Key.LIBRARY_FROM).map(Values::text);
    }

    public Optional<Path> libraryPasswordFile() {
        return given(Key.LIBRARY_PASSWORD_FILE).map(Values::text).map(Path::of);
    }

    /** The role whose privileges check foresees, when it is not the connected one. */
    public Optional<String> preflightRole() {
        return given(Key.PREFLIGHT_ROLE).map(Values::text);
    }

    public Duration serverWait() {
        return Values.duration(setting(Key.WAIT), Duration.ZERO, LONGEST_WAIT);
    }

    public List<String> databases() {
        return list(Key.DATABASES);
    }

    public List<String> excludeDatabases() {
        return list(Key.EXCLUDE_DATABASES);
    }

    public List<String> extensions() {
        return list(Key.EXTENSIONS);
    }

    public List<String> excludeExtensions() {
        return list(Key.EXCLUDE_EXTENSIONS);
    }

    public List<String> ensure() {
        return list(Key.ENSURE);
    }

    /** Extensions that may be dropped and created again where the image has no update script for them. */
    public List<String> recreate() {
        return list(Key.RECREATE);
    }

    /** Extension to pinned version; {@link #sources(Key)} says where each was named. */
    public Map<String, String> pins() {
        return keyed(Key.PIN);
    }

    /** Extension to the SQL of its active probe, as configured (the built-in probes are added elsewhere). */
    public Map<String, String> probes() {
        return keyed(Key.PROBE);
    }

    public Map<String, String> citusNodeAddresses() {
        return keyed(Key.CITUS_NODE_ADDRESS);
    }

    public Map<String, String> citusNodeUrls() {
        return keyed(Key.CITUS_NODE_URL);
    }

    public boolean citusEnabled() {
        return Values.bool(setting(Key.CITUS_ENABLED));
    }

    public int concurrency() {
        return Values.integer(setting(Key.CONCURRENCY), 1, MOST_CONNECTIONS);
    }

    public int retries() {
        return Values.integer(setting(Key.RETRIES), 0, MOST_RETRIES);
    }

    public Duration lockTimeout() {
        return Values.duration(setting(Key.LOCK_TIMEOUT), Duration.ofMillis(1), LONGEST_TIMEOUT);
    }

    public Duration statementTimeout() {
        return Values.duration(setting(Key.STATEMENT_TIMEOUT), Duration.ofMillis(1), LONGEST_TIMEOUT);
    }

    public OnFailure onFailure() {
        return Values.choice(setting(Key.ON_FAILURE), OnFailure.class);
    }

    public Output output() {
        return Values.choice(setting(Key.OUTPUT), Output.class);
    }

    public Optional<Path> report() {
        return given(Key.REPORT).map(Values::text).map(Path::of);
    }

    public boolean skip() {
        return Values.bool(setting(Key.SKIP));
    }

    public int httpPort() {
        return Values.integer(setting(Key.HTTP_PORT), 1, 65535);
    }

    /** Empty when periodic checks are off. */
    public Optional<Duration> sidecarInterval() {
        Setting s = setting(Key.SIDECAR_INTERVAL);
        if (s.value().equalsIgnoreCase("off")) {
            return Optional.empty();
        }
        return Optional.of(Values.duration(s, Duration.ofSeconds(1), LONGEST_WAIT));
    }

    public Duration fullSweepInterval() {
        return Values.duration(setting(Key.SIDECAR_FULL_SWEEP_INTERVAL), Duration.ofSeconds(1), Duration.ofDays(7));
    }

    public boolean remediate() {
        return Values.bool(setting(Key.SIDECAR_REMEDIATE));
    }

    /** Whether drift makes readiness fail ({@code down}) or only shows in the data ({@code up}). */
    public boolean degradedIsDown() {
        Setting s = setting(Key.HEALTH_DEGRADED);
        return switch (s.value().toLowerCase(java.util.Locale.ROOT)) {
            case "down" -> true;
            case "up" -> false;
            default -> throw Values.usage(s, "is neither down nor up");
        };
    }

    /** For keyed settings: each name, and how the user wrote the setting that named it. */
    public Map<String, String> sources(Key key) {
        Map<String, String> sources = new LinkedHashMap<>();
        Setting given = commandLine.get(key);
        if (given != null) {
            Values.entries(given).keySet().forEach(name -> sources.put(name, given.source()));
        } else {
            raw.keyed(key).forEach((name, s) -> sources.put(name, s.source()));
        }
        return sources;
    }

    private List<String> list(Key key) {
        return given(key).map(Values::list).orElse(List.of());
    }

    private Map<String, String> keyed(Key key) {
        Setting given = commandLine.get(key);
        if (given != null) {
            return Values.entries(given);
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Setting s : raw.keyed(key).values()) {
            Map.Entry<String, String> e = Values.entry(s);
            result.put(e.getKey(), e.getValue());
        }
        return result;
    }

    /** Checks every setting at once, so a mistake anywhere stops the run before it connects. */
    public ExtguardConfig validateAll() {
        url();
        passwordFile();
        libraryFrom();
        libraryPasswordFile();
        preflightRole();
        serverWait();
        databases();
        excludeDatabases();
        extensions();
        excludeExtensions();
        ensure();
        recreate();
        pins();
        probes();
        citusNodeAddresses();
        citusNodeUrls();
        citusEnabled();
        concurrency();
        retries();
        lockTimeout();
        statementTimeout();
        onFailure();
        output();
        report();
        skip();
        return this;
    }

}
