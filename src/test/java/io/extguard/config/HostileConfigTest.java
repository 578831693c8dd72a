package io.extguard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extguard.model.ExitCode;
import io.extguard.model.ExtguardException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile operator input, for every setting, in each form it can take: the option, the property
 * and the environment variable. Each mistake is exit 2 with a message that names the setting as
 * the user wrote it; a literal value arrives byte for byte.
 */
class HostileConfigTest {
    /** Values that look like expressions to a configuration library, and must stay text. */
    static final List<String> EXPRESSION_LIKE = List.of("${x}", "$${x}", "${x:y}", "\\${x}", "%s");

    enum Form { OPTION, PROPERTY, ENVIRONMENT }

    /** The accessor that reads each setting, as the commands do before they connect. */
    static Object read(ExtguardConfig config, Key key) {
        return switch (key) {
            case URL -> config.url();
            case PASSWORD_FILE -> config.passwordFile();
            case LIBRARY_FROM -> config.libraryFrom();
            case LIBRARY_PASSWORD_FILE -> config.libraryPasswordFile();
            case PREFLIGHT_ROLE -> config.preflightRole();
            case WAIT -> config.serverWait();
            case DATABASES -> config.databases();
            case EXCLUDE_DATABASES -> config.excludeDatabases();
            case EXTENSIONS -> config.extensions();
            case EXCLUDE_EXTENSIONS -> config.excludeExtensions();
            case PIN -> config.pins();
            case ENSURE -> config.ensure();
            case RECREATE -> config.recreate();
            case PROBE -> config.probes();
            case CITUS_ENABLED -> config.citusEnabled();
            case CITUS_NODE_ADDRESS -> config.citusNodeAddresses();
            case CITUS_NODE_URL -> config.citusNodeUrls();
            case CONCURRENCY -> config.concurrency();
            case LOCK_TIMEOUT -> config.lockTimeout();
            case STATEMENT_TIMEOUT -> config.statementTimeout();
            case RETRIES -> config.retries();
            case ON_FAILURE -> config.onFailure();
            case OUTPUT -> config.output();
            case REPORT -> config.report();
            case SKIP -> config.skip();
            case HTTP_PORT -> config.httpPort();
            case SIDECAR_INTERVAL -> config.sidecarInterval();
            case SIDECAR_FULL_SWEEP_INTERVAL -> config.fullSweepInterval();
            case SIDECAR_REMEDIATE -> config.remediate();
            case HEALTH_DEGRADED -> config.degradedIsDown();
        };
    }

    /** A config where one setting has one value, given in one form; keyed settings under the name "vector". */
    static ExtguardConfig given(Key key, Form form, String value) {
        return switch (form) {
            case OPTION -> new ExtguardConfig(Map.of(key, new Setting(key, null,
                    key.keyed() ? "vector=" + value : value, key.option().orElseThrow())),
                    new RawConfig(List.of(), List.of()));
            case PROPERTY -> new ExtguardConfig(Map.of(), new RawConfig(List.of(new RawConfig.Layer(
                    Map.of(key.property() + (key.keyed() ? ".vector" : ""), value), false, "application.properties")),
                    List.of()));
            case ENVIRONMENT -> new ExtguardConfig(Map.of(), RawConfig.ofEnvironment(
                    Map.of(key.environmentVariable() + (key.keyed() ? "_VECTOR" : ""), value)));
        };
    }

    static String spelling(Key key, Form form) {
        return switch (form) {
            case OPTION -> key.option().orElseThrow();
            case PROPERTY -> key.property() + (key.keyed() ? ".vector" : "");
            case ENVIRONMENT -> key.environmentVariable() + (key.keyed() ? "_VECTOR" : "");
        };
    }

    static Stream<Arguments> everySettingInEveryForm() {
        List<Arguments> all = new ArrayList<>();
        for (Key key : Key.values()) {
            for (Form form : Form.values()) {
                if (form != Form.OPTION || key.option().isPresent()) {
                    all.add(Arguments.of(key, form));
                }
            }
        }
        assertThat(all).hasSizeGreaterThan(Key.values().length * 2);
        return all.stream();
    }

    static void assertUsageNaming(Key key, Form form, String value) {
        assertThatThrownBy(() -> read(given(key, form, value), key))
                .as("%s=%s", spelling(key, form), value)
                .isInstanceOfSatisfying(ExtguardException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining(key.keyed() && form == Form.OPTION ? key.option().orElseThrow()
                        : spelling(key, form));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("everySettingInEveryForm")
    void anEmptyValueIsAUsageError(Key key, Form form) {
        assertUsageNaming(key, form, "");
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("everySettingInEveryForm")
    void aBlankValueIsAUsageError(Key key, Form form) {
        assertUsageNaming(key, form, "   ");
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("everySettingInEveryForm")
    void blanksAroundAValueAreAUsageError(Key key, Form form) {
        assertUsageNaming(key, form, " " + plausibleValue(key) + " ");
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("everySettingInEveryForm")
    void aPlausibleValueIsAccepted(Key key, Form form) {
        assertThat(read(given(key, form, plausibleValue(key)), key)).isNotNull();
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("everySettingInEveryForm")
    void anExpressionLikeValueIsEitherLiteralOrAUsageError(Key key, Form form) {
        for (String expression : EXPRESSION_LIKE) {
            Function<ExtguardConfig, Object> reader = c -> read(c, key);
            if (isLiteral(key)) {
                Object value = reader.apply(given(key, form, expression));
                assertThat(String.valueOf(value)).as("%s=%s", spelling(key, form), expression).contains(expression);
            } else {
                assertUsageNaming(key, form, expression);
            }
        }
    }

    static Stream<Arguments> outOfRange() {
        return Stream.of(
                Arguments.of(Key.WAIT, "99999999999d"), Arguments.of(Key.WAIT, "2d"),
                Arguments.of(Key.WAIT, "99999999999999999999999s"),
                Arguments.of(Key.LOCK_TIMEOUT, "100d"), Arguments.of(Key.LOCK_TIMEOUT, "0s"),
                Arguments.of(Key.STATEMENT_TIMEOUT, "25d"), Arguments.of(Key.CONCURRENCY, "0"),
                Arguments.of(Key.CONCURRENCY, "abc"), Arguments.of(Key.CONCURRENCY, "99999999999"),
                Arguments.of(Key.RETRIES, "-1"), Arguments.of(Key.RETRIES, "101"),
                Arguments.of(Key.HTTP_PORT, "99999"), Arguments.of(Key.HTTP_PORT, "0"),
                Arguments.of(Key.SIDECAR_INTERVAL, "0s"), Arguments.of(Key.SIDECAR_FULL_SWEEP_INTERVAL, "30d"),
                Arguments.of(Key.SKIP, "maybe"), Arguments.of(Key.CITUS_ENABLED, "yes"),
                Arguments.of(Key.SIDECAR_REMEDIATE, "1"), Arguments.of(Key.OUTPUT, "xml"),
                Arguments.of(Key.ON_FAILURE, "ignore"), Arguments.of(Key.HEALTH_DEGRADED, "sideways"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("outOfRange")
    void outOfRangeValuesAreUsageErrorsInEveryForm(Key key, String value) {
        for (Form form : Form.values()) {
            if (form == Form.OPTION && key.option().isEmpty()) {
                continue;
            }
            assertUsageNaming(key, form, value);
            assertThatThrownBy(() -> read(given(key, form, value), key)).hasMessageContaining(value);
        }
    }

    @Test
    void aBareEnvironmentVariableIsNamedAsWrittenNotAsTheOption() {
        assertThatThrownBy(() -> given(Key.CONCURRENCY, Form.ENVIRONMENT, "abc").concurrency())
                .hasMessageStartingWith("EXTGUARD_CONCURRENCY='abc'")
                .hasMessageNotContaining("--concurrency");
    }

    @Test
    void aMisspeltVariableOrPropertyIsRefusedWithTheNearestName() {
        assertThatThrownBy(() -> RawConfig.ofEnvironment(Map.of("EXTGUARD_DATABASE", "t_01")).requireKnownNames())
                .hasMessageContaining("EXTGUARD_DATABASE").hasMessageContaining("Did you mean 'EXTGUARD_DATABASES'");
        RawConfig properties = new RawConfig(List.of(new RawConfig.Layer(Map.of("extguard.lock-timout", "5s"), false,
                "application.properties")), List.of());
        assertThatThrownBy(properties::requireKnownNames)
                .hasMessageContaining("extguard.lock-timout").hasMessageContaining("application.properties")
                .hasMessageContaining("Did you mean 'extguard.lock-timeout'");
        assertThatThrownBy(() -> RawConfig.ofEnvironment(Map.of("EXTGUARD_PIN_", "1.0")).requireKnownNames())
                .hasMessageContaining("EXTGUARD_PIN_");
    }

    @Test
    void everySettingsOwnNameIsKnownInBothSpellings() {
        for (Key key : Key.values()) {
            String suffix = key.keyed() ? "_VECTOR" : "";
            RawConfig.ofEnvironment(Map.of(key.environmentVariable() + suffix, "x")).requireKnownNames();
            new RawConfig(List.of(new RawConfig.Layer(Map.of(key.property() + (key.keyed() ? ".vector" : ""), "x"),
                    false, "p")), List.of()).requireKnownNames();
        }
        RawConfig.ofEnvironment(Map.of("PATH", "/bin", "HOME", "/root")).requireKnownNames();
    }

    @Test
    void pinsWithoutAVersionOrANameAreUsageErrors() {
        for (String pin : List.of("vector=", "=1.0", "vector", "pg_trgm =1.4", "vector=0.8.0,,hstore=1.8",
                "vector=0.8.0,vector=0.7.0")) {
            ExtguardConfig config = new ExtguardConfig(Map.of(Key.PIN, new Setting(Key.PIN, null, pin, "--pin")),
                    new RawConfig(List.of(), List.of()));
            assertThatThrownBy(config::pins).as(pin).isInstanceOf(ExtguardException.class)
                    .hasMessageContaining("--pin='" + pin + "'");
        }
    }

    @Test
    void emptySelectionsNeverSelectEverything() {
        for (String selection : List.of("", ",", " ", "tenant_*,", ",tenant_*", "a, b")) {
            ExtguardConfig config = new ExtguardConfig(
                    Map.of(Key.DATABASES, new Setting(Key.DATABASES, null, selection, "--databases")),
                    new RawConfig(List.of(), List.of()));
            assertThatThrownBy(config::databases).as("'%s'", selection).hasMessageContaining("--databases");
        }
    }

    @Test
    void theCommandLineBeatsTheEnvironmentWhichBeatsPropertiesWhichBeatTheDefault() {
        RawConfig raw = new RawConfig(List.of(
                new RawConfig.Layer(Map.of("EXTGUARD_CONCURRENCY", "3"), true, null),
                new RawConfig.Layer(Map.of("extguard.concurrency", "2", "extguard.retries", "7"), false, "p")),
                List.of());
        assertThat(new ExtguardConfig(Map.of(), raw).concurrency()).isEqualTo(3);
        assertThat(new ExtguardConfig(Map.of(), raw).retries()).isEqualTo(7);
        assertThat(new ExtguardConfig(Map.of(), raw).serverWait()).hasSeconds(60);
        assertThat(new ExtguardConfig(Map.of(Key.CONCURRENCY, new Setting(Key.CONCURRENCY, null, "5", "--concurrency")),
                raw).concurrency()).isEqualTo(5);
    }

    @Test
    void anActiveProfilesValueWinsInItsSource() {
        RawConfig raw = new RawConfig(List.of(new RawConfig.Layer(
                Map.of("extguard.on-failure", "fail", "%dev.extguard.on-failure", "warn"), false, "p")), List.of("dev"));
        assertThat(new ExtguardConfig(Map.of(), raw).onFailure()).hasToString("WARN");
        raw.requireKnownNames();
    }

    @Test
    void aUrlsPasswordIsNeverPrintedInAnError() {
        Setting url = new Setting(Key.URL, null, " postgresql://app:Pa55word@db/postgres", "EXTGUARD_URL");
        assertThatThrownBy(() -> Values.text(url)).hasMessageContaining("EXTGUARD_URL").hasMessageNotContaining("Pa55word");
    }

    /** Values that hold text for a server or a file, which must reach it unchanged. */
    static boolean isLiteral(Key key) {
        return Arrays.asList(Key.URL, Key.PASSWORD_FILE, Key.LIBRARY_FROM, Key.LIBRARY_PASSWORD_FILE, Key.PREFLIGHT_ROLE,
                Key.DATABASES, Key.EXCLUDE_DATABASES, Key.EXTENSIONS,
                Key.EXCLUDE_EXTENSIONS, Key.PIN, Key.ENSURE, Key.RECREATE, Key.PROBE, Key.REPORT, Key.CITUS_NODE_ADDRESS,
                Key.CITUS_NODE_URL).contains(key);
    }

    static String plausibleValue(Key key) {
        return switch (key) {
            case URL -> "postgresql://db/postgres";
            case LIBRARY_FROM -> "postgresql://candidate/postgres";
            case PREFLIGHT_ROLE -> "deployer";
            case PASSWORD_FILE, LIBRARY_PASSWORD_FILE, REPORT -> "/tmp/x";
            case WAIT, LOCK_TIMEOUT, STATEMENT_TIMEOUT, SIDECAR_INTERVAL, SIDECAR_FULL_SWEEP_INTERVAL -> "5s";
            case DATABASES, EXCLUDE_DATABASES, EXTENSIONS, EXCLUDE_EXTENSIONS, ENSURE, RECREATE -> "tenant_*";
            case PIN -> "0.8.0";
            case PROBE -> "SELECT 1";
            case CITUS_ENABLED, SKIP, SIDECAR_REMEDIATE -> "true";
            case CITUS_NODE_ADDRESS -> "10.0.0.2:5432";
            case CITUS_NODE_URL -> "postgresql://w/postgres";
            case CONCURRENCY, RETRIES -> "4";
            case ON_FAILURE -> "warn";
            case OUTPUT -> "json";
            case HTTP_PORT -> "9000";
            case HEALTH_DEGRADED -> "up";
        };
    }
}
