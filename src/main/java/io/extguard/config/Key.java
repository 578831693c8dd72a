package io.extguard.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting extguard reads, with its three spellings: the property {@code extguard.lock-timeout},
 * the environment variable {@code EXTGUARD_LOCK_TIMEOUT} and the option {@code --lock-timeout}.
 * Keyed settings ({@link #keyed()}) take a name after the prefix: {@code extguard.pin.vector},
 * {@code EXTGUARD_PIN_VECTOR}, {@code --pin vector=0.8.0}. A name that is not here is a mistake.
 */
public enum Key {
    URL("url", "--url", null),
    PASSWORD_FILE("password-file", "--password-file", null),
    /** check only: read the library facts from the server at this URL, started from the candidate image. */
    LIBRARY_FROM("library-from", "--library-from", null),
    /** The candidate server's password; never the production password. */
    LIBRARY_PASSWORD_FILE("library-password-file", "--library-password-file", null),
    /** check only: foresee the privileges of this role, the one preflight runs as, instead of the connected role's. */
    PREFLIGHT_ROLE("preflight-role", "--preflight-role", null),
    WAIT("wait", "--wait", "60s"),
    DATABASES("databases", "--databases", null),
    EXCLUDE_DATABASES("exclude-databases", "--exclude-databases", null),
    EXTENSIONS("extensions", "--extensions", null),
    EXCLUDE_EXTENSIONS("exclude-extensions", "--exclude-extensions", null),
    PIN("pin", "--pin", null, true),
    ENSURE("ensure", "--ensure", null),
    RECREATE("recreate", "--recreate", null),
    PROBE("probe", null, null, true),
    CITUS_ENABLED("citus.enabled", "--citus", "true"),
    CITUS_NODE_ADDRESS("citus.node-address", "--citus-node-address", null, true),
    CITUS_NODE_URL("citus.node-url", "--citus-node-url", null, true),
    CONCURRENCY("concurrency", "--concurrency", "4"),
    LOCK_TIMEOUT("lock-timeout", "--lock-timeout", "5s"),
    STATEMENT_TIMEOUT("statement-timeout", "--statement-timeout", "5m"),
    RETRIES("retries", "--retries", "3"),
    ON_FAILURE("on-failure", "--on-failure", "fail"),
    OUTPUT("output", "--output", "text"),
    REPORT("report", "--report", null),
    SKIP("skip", "--skip", "false"),
    HTTP_PORT("http.port", null, "9000"),
    SIDECAR_INTERVAL("sidecar.interval", "--interval", "60s"),
    SIDECAR_FULL_SWEEP_INTERVAL("sidecar.full-sweep-interval", "--full-sweep-interval", "10m"),
    SIDECAR_REMEDIATE("sidecar.remediate", "--remediate", "false"),
    HEALTH_DEGRADED("health.degraded", "--health-degraded", "down");

    public static final String PROPERTY_PREFIX = "extguard.";
    public static final String ENV_PREFIX = "EXTGUARD_";

    private final String name;
    private final String option;
    private final String defaultValue;
    private final boolean keyed;

    Key(String name, String option, String defaultValue) {
        this(name, option, defaultValue, false);
    }

    Key(String name, String option, String defaultValue, boolean keyed) {
        this.name = name;
        this.option = option;
        this.defaultValue = defaultValue;
        this.keyed = keyed;
    }

    public String property() {
        return PROPERTY_PREFIX + name;
    }

    public String environmentVariable() {
        return ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The command-line option, if the setting has one. */
    public Optional<String> option() {
        return Optional.ofNullable(option);
    }

    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** Whether the setting takes a name after its prefix ({@code extguard.pin.<extension>}). */
    public boolean keyed() {
        return keyed;
    }

    public static Optional<Key> byOption(String option) {
        return Arrays.stream(values()).filter(k -> option.equals(k.option)).findFirst();
    }
}
