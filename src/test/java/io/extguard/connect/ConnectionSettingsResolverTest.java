package io.extguard.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.extguard.model.ExitCode;
import io.extguard.model.ExtguardException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionSettingsResolverTest {
    private static final Map<String, String> NO_ENV = Map.of();
    private static final String PASSWORD = "Tr0ub4dor";

    private static ConnectionSettings resolve(Map<String, String> env, String url) {
        return new ConnectionSettingsResolver(env).resolve(url, null);
    }

    private static ConnectionSettings resolve(String url) {
        return resolve(NO_ENV, url);
    }

    private static String password(ConnectionSettings settings) {
        return settings.password() == null ? null : settings.password().reveal();
    }

    /** Asserts that resolving fails as a usage error and returns the message. */
    private static String usageError(Map<String, String> env, String url, Path passwordFile) {
        Throwable thrown = catchThrowable(() -> new ConnectionSettingsResolver(env).resolve(url, passwordFile));
        assertThat(thrown).isInstanceOf(ExtguardException.class);
        assertThat(((ExtguardException) thrown).exitCode()).isEqualTo(ExitCode.USAGE);
        return thrown.getMessage();
    }

    private static String usageError(String url) {
        return usageError(NO_ENV, url, null);
    }

    @Nested
    class Environment {

        @Test
        void withNothingSetConnectsAsPostgresToLocalhost() {
            ConnectionSettings settings = resolve(NO_ENV, null);

            assertThat(settings.hosts()).containsExactly(new HostPort("localhost", 5432));
            assertThat(settings.user()).isEqualTo("postgres");
            assertThat(settings.maintenanceDatabase()).isEqualTo("postgres");
            assertThat(settings.password()).isNull();
            assertThat(settings.driverProperties()).isEmpty();
        }

        @Test
        void libpqVariablesProvideEverySetting() {
            Map<String, String> env = Map.of(
                    "PGHOST", "db.internal",
                    "PGPORT", "6432",
                    "PGUSER", "admin",
                    "PGDATABASE", "maint",
                    "PGPASSWORD", PASSWORD,
                    "PGSSLMODE", "verify-full",
                    "PGSSLROOTCERT", "/etc/ssl/root.crt",
                    "PGSSLCERT", "/etc/ssl/client.crt",
                    "PGSSLKEY", "/etc/ssl/client.key");

            ConnectionSettings settings = resolve(env, "  ");

            assertThat(settings.hosts()).containsExactly(new HostPort("db.internal", 6432));
            assertThat(settings.user()).isEqualTo("admin");
            assertThat(settings.maintenanceDatabase()).isEqualTo("maint");
            assertThat(password(settings)).isEqualTo(PASSWORD);
            assertThat(settings.driverProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "sslmode", "verify-full",
                    "sslrootcert", "/etc/ssl/root.crt",
                    "sslcert", "/etc/ssl/client.crt",
                    "sslkey", "/etc/ssl/client.key"));
        }

        @Test
        void severalHostsShareOnePort() {
            ConnectionSettings settings = resolve(Map.of("PGHOST", "a,b", "PGPORT", "5433"), null);

            assertThat(settings.hosts()).containsExactly(new HostPort("a", 5433), new HostPort("b", 5433));
        }

        @Test
        void severalHostsWithOnePortEach() {
            ConnectionSettings settings = resolve(Map.of("PGHOST", "a,b", "PGPORT", "5433,5434"), null);

            assertThat(settings.hosts()).containsExactly(new HostPort("a", 5433), new HostPort("b", 5434));
        }

        @Test
        void differentNumbersOfHostsAndPortsAreAUsageError() {
            String message = usageError(Map.of("PGHOST", "a,b,c", "PGPORT", "1,2"), null, null);

            assertThat(message).contains("3 hosts").contains("2 ports");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "65536", "postgres", "-1"})
        void portOutsideTheValidRangeIsAUsageError(String port) {
            assertThat(usageError(Map.of("PGPORT", port), null, null)).contains(port);
        }

        @Test
        void invalidSslModeIsAUsageError() {
            String message = usageError(Map.of("PGSSLMODE", "yes-please"), null, null);

            assertThat(message).contains("yes-please").contains("verify-full");
        }

        @Test
        void unixSocketDirectoryIsAUsageErrorThatSaysTcpOnly() {
            String message = usageError(Map.of("PGHOST", "/var/run/postgresql"), null, null);

            assertThat(message).contains("/var/run/postgresql").contains("Unix-domain socket").contains("TCP");
        }
    }

    @Nested
    class Uri {

        @Test
        void fullUriIsParsed() {
            ConnectionSettings settings = resolve("postgresql://app@db.example:5433/maint");

            assertThat(settings.hosts()).containsExactly(new HostPort("db.example", 5433));
            assertThat(settings.user()).isEqualTo("app");
            assertThat(settings.maintenanceDatabase()).isEqualTo("maint");
            assertThat(settings.password()).isNull();
        }

        @Test
        void postgresSchemeIsAccepted() {
            assertThat(resolve("postgres://db.example/maint").hosts()).containsExactly(new HostPort("db.example", 5432));
        }

        @Test
        void percentEncodedPasswordIsDecoded() {
            ConnectionSettings settings = resolve("postgresql://app:p%40ss%2Fw0rd@db/maint");

            assertThat(password(settings)).isEqualTo("p@ss/w0rd");
        }

        @Test
        void plusInThePasswordStaysAPlus() {
            assertThat(password(resolve("postgresql://app:a+b@db/maint"))).isEqualTo("a+b");
        }

        @Test
        void passwordMayContainAColon() {
            assertThat(password(resolve("postgresql://app:a:b@db/maint"))).isEqualTo("a:b");
        }

        @Test
        void percentEncodedUserAndDatabaseAreDecoded() {
            ConnectionSettings settings = resolve("postgresql://app%40corp@db/my%20db");

            assertThat(settings.user()).isEqualTo("app@corp");
            assertThat(settings.maintenanceDatabase()).isEqualTo("my db");
        }

        @Test
        void severalHostsEachWithItsOwnPort() {
            ConnectionSettings settings = resolve("postgresql://app@db1:5432,db2:5433,db3/maint");

            assertThat(settings.hosts()).containsExactly(
                    new HostPort("db1", 5432), new HostPort("db2", 5433), new HostPort("db3", 5432));
        }

        @Test
        void ipv6AddressInBrackets() {
            ConnectionSettings settings = resolve("postgresql://app@[::1]:5433/maint");

            assertThat(settings.hosts()).containsExactly(new HostPort("::1", 5433));
            assertThat(settings.hosts().get(0)).hasToString("[::1]:5433");
        }

        @Test
        void ipv6AddressWithoutPortUsesTheDefault() {
            assertThat(resolve("postgresql://[2001:db8::5]/maint").hosts())
                    .containsExactly(new HostPort("2001:db8::5", 5432));
        }

        @Test
        void queryParametersBecomeDriverProperties() {
            ConnectionSettings settings = resolve("postgresql://db/maint?sslmode=verify-full&sslrootcert=/x");

            assertThat(settings.driverProperties())
                    .containsEntry("sslmode", "verify-full")
                    .containsEntry("sslrootcert", "/x");
        }

        @Test
        void libpqParameterNamesAreTranslatedForTheDriver() {
            ConnectionSettings settings = resolve("postgresql://db/maint?connect_timeout=7&application_name=extguard");

            assertThat(settings.driverProperties())
                    .containsEntry("connectTimeout", "7")
                    .containsEntry("ApplicationName", "extguard");
        }

        @Test
        void queryParametersCanNameHostUserPasswordAndDatabase() {
            ConnectionSettings settings =
                    resolve("postgresql://?host=db.example&port=6432&user=app&password=" + PASSWORD + "&dbname=maint");

            assertThat(settings.hosts()).containsExactly(new HostPort("db.example", 6432));
            assertThat(settings.user()).isEqualTo("app");
            assertThat(password(settings)).isEqualTo(PASSWORD);
            assertThat(settings.maintenanceDatabase()).isEqualTo("maint");
            assertThat(settings.driverProperties()).doesNotContainKey("password");
        }

        /** libpq's own example form: the path is empty and the query names the database. */
        @Test
        void dbnameParameterIsNotLostToAnEmptyPath() {
            assertThat(resolve("postgresql:///?host=db.example&dbname=maint").maintenanceDatabase()).isEqualTo("maint");
        }

        @Test
        void urlBeatsTheEnvironment() {
            Map<String, String> env = Map.of(
                    "PGHOST", "env-host", "PGPORT", "1111", "PGUSER", "env-user",
                    "PGDATABASE", "env-db", "PGPASSWORD", "env-password", "PGSSLMODE", "disable",
                    "PGSSLROOTCERT", "/env/root.crt");

            ConnectionSettings settings =
                    resolve(env, "postgresql://url-user:url-password@url-host:2222/url-db?sslmode=require&sslrootcert=/url/root.crt");

            assertThat(settings.hosts()).containsExactly(new HostPort("url-host", 2222));
            assertThat(settings.user()).isEqualTo("url-user");
            assertThat(password(settings)).isEqualTo("url-password");
            assertThat(settings.maintenanceDatabase()).isEqualTo("url-db");
            assertThat(settings.driverProperties())
                    .containsEntry("sslmode", "require")
                    .containsEntry("sslrootcert", "/url/root.crt");
        }

        @Test
        void environmentFillsInWhatTheUrlLeavesOut() {
            Map<String, String> env = Map.of(
                    "PGPORT", "6432", "PGUSER", "env-user", "PGDATABASE", "env-db", "PGPASSWORD", "env-password");

            ConnectionSettings settings = resolve(env, "postgresql://url-host");

            assertThat(settings.hosts()).containsExactly(new HostPort("url-host", 6432));
            assertThat(settings.user()).isEqualTo("env-user");
            assertThat(settings.maintenanceDatabase()).isEqualTo("env-db");
            assertThat(password(settings)).isEqualTo("env-password");
        }

        @Test
        void socketDirectoryInTheUriIsAUsageError() {
            assertThat(usageError("postgresql://%2Fvar%2Frun%2Fpostgresql/maint")).contains("Unix-domain socket");
        }

        @Test
        void invalidSslModeInTheUriIsAUsageError() {
            assertThat(usageError("postgresql://db/maint?sslmode=on")).contains("'on'");
        }
    }

    @Nested
    class JdbcUrl {

        @Test
        void jdbcUrlIsParsed() {
            ConnectionSettings settings =
                    resolve("jdbc:postgresql://h:5433/db?user=u&password=p&sslmode=require");

            assertThat(settings.hosts()).containsExactly(new HostPort("h", 5433));
            assertThat(settings.user()).isEqualTo("u");
            assertThat(password(settings)).isEqualTo("p");
            assertThat(settings.maintenanceDatabase()).isEqualTo("db");
            assertThat(settings.driverProperties())
                    .containsEntry("sslmode", "require")
                    .doesNotContainKeys("password", "user", "PGHOST", "PGPORT", "PGDBNAME");
        }

        @Test
        void jdbcUrlWithSeveralHosts() {
            ConnectionSettings settings = resolve("jdbc:postgresql://h1:5433,h2:5434/db");

            assertThat(settings.hosts()).containsExactly(new HostPort("h1", 5433), new HostPort("h2", 5434));
        }

        @Test
        void jdbcUrlWithAnIpv6Address() {
            ConnectionSettings settings = resolve("jdbc:postgresql://[::1]:5433/db");

            assertThat(settings.hosts()).containsExactly(new HostPort("::1", 5433));
            assertThat(settings.describe()).startsWith("postgres@[::1]:5433/db");
        }

        @Test
        void invalidSslModeInAJdbcUrlIsAUsageError() {
            assertThat(usageError("jdbc:postgresql://h/db?sslmode=maybe")).contains("maybe");
        }
    }

    @Nested
    class MalformedUrls {

        @ParameterizedTest
        @ValueSource(strings = {
                "mysql://app:" + PASSWORD + "@db/maint",
                "postgresql+psycopg2://app:" + PASSWORD + "@db/maint",
                "postgresql://app:" + PASSWORD + "@db:notaport/maint",
                "postgresql://app:" + PASSWORD + "@db/maint?sslmode",
                "postgresql://app:" + PASSWORD + "@[::1/maint",
                "postgresql://app:" + PASSWORD + "%zz@db/maint",
                "postgresql://app:" + PASSWORD + "@db/maint?application_name=%",
                "jdbc:postgresql://db:notaport/maint?user=app&password=" + PASSWORD,
        })
        void malformedUrlIsAUsageErrorThatDoesNotRevealThePassword(String url) {
            String message = usageError(url);

            assertThat(message).contains("malformed").doesNotContain(PASSWORD);
        }

        @Test
        void wrongSchemeSaysWhichSchemesWork() {
            assertThat(usageError("mysql://x")).contains("postgresql://");
        }

        @Test
        void nonNumericPortIsNamed() {
            assertThat(usageError("postgresql://h:notaport/db")).contains("notaport");
        }

        @Test
        void badPercentEncodingIsNamed() {
            assertThat(usageError("postgresql://h/d%zzb")).contains("percent-encoding");
        }

        /**
         * Generated passwords often contain '/' or '?' (base64), and people paste them without
         * percent-encoding. The URL is then malformed, and the error must still not show the password.
         */
        @ParameterizedTest
        @ValueSource(strings = {"abc/def+ghi", "abc?def"})
        void unencodedReservedCharacterInThePasswordDoesNotLeakIntoTheError(String password) {
            String message = usageError("postgresql://app:" + password + "@db.example/maint");

            assertThat(message).doesNotContain(password).doesNotContain("abc");
        }
    }

    @Nested
    class Parameters {
        @Test
        void unknownParametersAreRefusedWithTheNearestName() {
            assertThatThrownBy(() -> new ConnectionSettingsResolver(NO_ENV).resolve("postgresql://db/x?ssl_mode=require", null))
                    .hasMessageContaining("'ssl_mode'").hasMessageContaining("Did you mean 'sslmode'");
            assertThatThrownBy(() -> new ConnectionSettingsResolver(NO_ENV).resolve("postgresql://db/x?SSLMODE=require", null))
                    .hasMessageContaining("'SSLMODE'");
            assertThatThrownBy(() -> new ConnectionSettingsResolver(NO_ENV).resolve("jdbc:postgresql://db/x?sslmod=require", null))
                    .hasMessageContaining("'sslmod'");
        }

        @Test
        void parametersExtguardCannotHonourAreRefusedNotDropped() {
            for (String parameter : List.of("hostaddr=10.0.0.1", "service=prod", "sslcrl=/x", "keepalives=0")) {
                assertThatThrownBy(() -> new ConnectionSettingsResolver(NO_ENV).resolve("postgresql://db/x?" + parameter, null))
                        .as(parameter).hasMessageContaining("does not support");
            }
        }

        @Test
        void honouredParametersReachPgjdbcUnderItsNames() {
            ConnectionSettings s = new ConnectionSettingsResolver(NO_ENV).resolve(
                    "postgresql://db/x?gssencmode=require&target_session_attrs=read-write&prepareThreshold=0", null);
            assertThat(s.driverProperties()).containsEntry("gssEncMode", "require")
                    .containsEntry("target_session_attrs", "read-write").containsEntry("prepareThreshold", "0");
            assertThatThrownBy(() -> new ConnectionSettingsResolver(NO_ENV).resolve("postgresql://db/x?gssencmode=yes", null))
                    .hasMessageContaining("gssencmode='yes'");
        }
    }

    @Nested
    class PasswordFile {
        @TempDir
        Path dir;

        private Path passwordFile(String content) throws IOException {
            return Files.writeString(dir.resolve("password"), content, StandardCharsets.UTF_8);
        }

        @Test
        void passwordFileBeatsTheUrlAndPgpassword() throws IOException {
            Path file = passwordFile("from-file\n");

            ConnectionSettings settings = new ConnectionSettingsResolver(Map.of("PGPASSWORD", "from-env"))
                    .resolve("postgresql://app:from-url@db/maint", file);

            assertThat(password(settings)).isEqualTo("from-file");
        }

        @Test
        void trailingNewlineIsNotPartOfThePassword() throws IOException {
            assertThat(password(new ConnectionSettingsResolver(NO_ENV).resolve(null, passwordFile("s3cret\r\n"))))
                    .isEqualTo("s3cret");
        }

        @Test
        void expressionLikePasswordsArriveByteForByteFromTheFileAndTheUrl() throws IOException {
            for (String password : List.of("${x}", "$${x}", "${x:y}", "\\${x}", "%s", "@file")) {
                assertThat(password(new ConnectionSettingsResolver(NO_ENV).resolve(null, passwordFile(password + "\n"))))
                        .isEqualTo(password);
                String encoded = password.replace("%", "%25").replace("@", "%40");
                assertThat(password(new ConnectionSettingsResolver(NO_ENV).resolve("postgresql://app:" + encoded + "@db/x",
                        null))).isEqualTo(password);
            }
        }

        @Test
        void aPasswordFileThatIsEmptyHugeOrNotAFileIsAUsageError() throws IOException {
            Path huge = Files.write(dir.resolve("huge"), new byte[64 * 1024 + 1]);
            for (Path bad : List.of(passwordFile("\n"), huge, dir, Path.of("/dev/zero"))) {
                assertThatThrownBy(() -> new ConnectionSettingsResolver(NO_ENV).resolve(null, bad))
                        .as(bad.toString()).isInstanceOfSatisfying(ExtguardException.class,
                                e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                        .hasMessageContaining(bad.toString());
            }
        }

        @Test
        void passwordWithoutTrailingNewlineIsReadAsIs() throws IOException {
            assertThat(password(new ConnectionSettingsResolver(NO_ENV).resolve(null, passwordFile("s3 cr#t"))))
                    .isEqualTo("s3 cr#t");
        }

        /** Only the line break is the file's; a trailing space may well be part of a generated password. */
        @Test
        void trailingSpaceBeforeTheNewlineIsPartOfThePassword() throws IOException {
            assertThat(password(new ConnectionSettingsResolver(NO_ENV).resolve(null, passwordFile("s3cret \n"))))
                    .isEqualTo("s3cret ");
        }

        @Test
        void missingPasswordFileIsAUsageErrorNamingTheFile() {
            Path missing = dir.resolve("no-such-file");

            assertThat(usageError(NO_ENV, null, missing)).contains(missing.toString());
        }

        @Test
        void directoryInsteadOfAPasswordFileIsAUsageError() {
            assertThat(usageError(NO_ENV, null, dir)).contains("password file");
        }
    }

    @Nested
    class Description {

        @Test
        void describeNamesUserHostsDatabaseAndSslModeButNotThePassword() {
            ConnectionSettings settings =
                    resolve("postgresql://app:" + PASSWORD + "@db1:5432,[::1]:5433/maint?sslmode=verify-full");

            assertThat(settings.describe())
                    .isEqualTo("app@db1:5432,[::1]:5433/maint (sslmode=verify-full)")
                    .doesNotContain(PASSWORD);
        }

        @Test
        void describeShowsTheDriverDefaultSslModeWhenNoneIsSet() {
            assertThat(resolve("postgresql://db/maint").describe()).endsWith("(sslmode=prefer)");
        }

        @Test
        void toStringMasksThePassword() {
            ConnectionSettings settings = resolve("postgresql://app:" + PASSWORD + "@db/maint");

            assertThat(settings.toString()).doesNotContain(PASSWORD).isEqualTo(settings.describe());
            assertThat(settings.password()).hasToString("******");
        }

        @Test
        void toStringMasksAPasswordFromTheEnvironmentOrAJdbcUrl() {
            assertThat(resolve(Map.of("PGPASSWORD", PASSWORD), null).toString()).doesNotContain(PASSWORD);
            assertThat(resolve("jdbc:postgresql://db/maint?password=" + PASSWORD).toString()).doesNotContain(PASSWORD);
        }

        @Test
        void withPasswordReplacesOnlyThePassword() {
            ConnectionSettings settings = resolve("postgresql://app:old@db/maint?sslmode=require");

            ConnectionSettings changed = settings.withPassword(Secret.of("new"));

            assertThat(password(changed)).isEqualTo("new");
            assertThat(changed.describe()).isEqualTo(settings.describe());
        }
    }
}
