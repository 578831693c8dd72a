package io.extguard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.extguard.testsupport.Connections;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.ServerTest;
import io.quarkus.bootstrap.logging.InitialConfigurator;
import io.quarkus.test.junit.main.LaunchResult;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * check and preflight without booting Quarkus: which runs take that way; a real one, run as
 * {@code java -jar} would run it (Main.main in a JVM of its own), reads its configuration and writes
 * its log, table and JSON as the other tests' in-process runs ({@link CliLauncher}) do. Its stdout
 * is a file, as in {@code extguard check > plan.txt}: no progress line may reach it. Runs in one
 * JVM, as the tests make them, each read their own settings and leave the JVM as they found it.
 */
@ServerTest
class FastStartTest {
    private static final List<String> TENANTS = List.of("fast_1", "fast_2");
    private static PgServer server;

    @TempDir
    Path workDir;

    @BeforeAll
    static void tenantsWithDrift() throws SQLException {
        server = PgServer.builder(PgInstall.shared()).name("fast-start").start();
        for (String tenant : TENANTS) {
            server.createDatabase(tenant);
            server.execute(tenant, "CREATE EXTENSION hstore VERSION '1.4'");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private boolean applies(Map<String, String> env, Properties system, String... args) {
        return FastStart.applies(List.of(args), env, system, workDir);
    }

    @Test
    void checkAndPreflightTakeTheFastWayUnlessTheyAskForQuarkus() throws Exception {
        Properties none = new Properties();
        assertThat(applies(Map.of(), none, "check", "--url", "postgresql://db/postgres")).isTrue();
        assertThat(applies(Map.of("EXTGUARD_URL", "postgresql://db/postgres"), none, "preflight")).isTrue();

        assertThat(applies(Map.of(), none, "sidecar")).as("the sidecar needs HTTP, metrics, the scheduler").isFalse();
        assertThat(applies(Map.of(), none)).isFalse();
        assertThat(applies(Map.of(), none, "help", "check")).isFalse();
        assertThat(applies(Map.of(), none, "check", "--help")).isFalse();
        assertThat(applies(Map.of(), none, "check", "--version")).as("the version is Quarkus's").isFalse();
        assertThat(applies(Map.of("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true"), none, "check")).as("JSON logs").isFalse();
        Properties profile = new Properties();
        profile.setProperty("quarkus.profile", "dev");
        assertThat(applies(Map.of(), profile, "check")).isFalse();
        Properties nativeImage = new Properties();
        nativeImage.setProperty("org.graalvm.nativeimage.imagecode", "runtime");
        assertThat(applies(Map.of(), nativeImage, "check")).isFalse();

        Files.createDirectories(workDir.resolve("config"));
        Files.writeString(workDir.resolve("config/application.properties"), "extguard.lock-timeout=5s\n");
        assertThat(applies(Map.of(), none, "check")).as("Quarkus reads config/application.properties").isFalse();
        Files.delete(workDir.resolve("config/application.properties"));
        Files.writeString(workDir.resolve(".env"), "EXTGUARD_LOCK_TIMEOUT=5s\n");
        assertThat(applies(Map.of(), none, "check")).as("Quarkus reads .env").isFalse();
    }

    @Test
    void aFastCheckWritesTheTableAndTheLogAsABootedOne() throws Exception {
        Run run = main(Map.of(), "check", "--url", Connections.url(server), "--databases", "fast_*");

        assertThat(run.exit).as(run.err).isEqualTo(3);
        assertThat(run.out).containsPattern("fast_1 +hstore +1\\.4 +1\\.8 +update");
        assertThat(run.err.lines().findFirst().orElse(""))
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  extguard check against .*");
        assertThat(run.err).doesNotContain("Quarkus").doesNotContain("WARNING");
        assertThat(run.out + run.err).doesNotContain("Progress:");
    }

    @Test
    void aFastCheckReadsTheEnvironmentAndWritesOneJsonDocument() throws Exception {
        Run run = main(Map.of("EXTGUARD_URL", Connections.url(server), "EXTGUARD_DATABASES", "fast_*"),
                "check", "--output", "json");

        assertThat(run.exit).as(run.err).isEqualTo(3);
        try (JsonParser parser = JsonMapper.builder().build().createParser(run.out)) {
            JsonNode report = parser.readValueAsTree();
            assertThat(report.get("databases")).hasSize(TENANTS.size());
            assertThat(parser.nextToken()).as("anything after the report").isNull();
        }
        assertThat(run.err).doesNotContain("Progress:");
    }

    @Test
    void aMistakeInTheEnvironmentIsStillExitTwoNamingIt() throws Exception {
        Run run = main(Map.of("EXTGUARD_LOCK_TIMEOUT", "banana"), "preflight", "--url", Connections.url(server));

        assertThat(run.exit).isEqualTo(2);
        assertThat(run.err).contains("EXTGUARD_LOCK_TIMEOUT='banana' is not a duration");
    }

    @Test
    void runsInOneJvmEachReadTheirOwnSettingsAndLeaveItsConfigurationAndLogAsTheyWere() {
        Config before = ConfigProvider.getConfig();
        Handler[] handlersBefore = InitialConfigurator.DELAYED_HANDLER.getHandlers();
        CliLauncher launcher = new CliLauncher();
        for (String tenant : TENANTS) {
            System.setProperty("extguard.databases", tenant);
            try {
                LaunchResult run = launcher.launch("check", "--url", Connections.url(server));

                assertThat(run.exitCode()).as(run.getErrorOutput()).isEqualTo(3);
                assertThat(run.getOutput()).contains(tenant);
                assertThat(TENANTS).filteredOn(other -> !other.equals(tenant)).isNotEmpty()
                        .allSatisfy(other -> assertThat(run.getOutput()).doesNotContain(other));
                assertThat(run.getErrorOutput()).contains("INFO  extguard check against");
            } finally {
                System.clearProperty("extguard.databases");
            }
        }
        assertThat(ConfigProvider.getConfig()).isSameAs(before);
        assertThat(InitialConfigurator.DELAYED_HANDLER.getHandlers()).containsExactly(handlersBefore);
        assertThatThrownBy(() -> launcher.launch("check", "--help")).as("help boots Quarkus for users")
                .hasMessageContaining("@QuarkusMainTest");
    }

    private record Run(int exit, String out, String err) {
    }

    /** Main.main in a JVM of its own, with the log manager the packaged jar's entry point sets. */
    private Run main(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(workDir.resolve("out").toFile()).redirectError(workDir.resolve("err").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("QUARKUS_") || name.startsWith("EXTGUARD_")
                || name.startsWith("PG"));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("extguard " + String.join(" ", args) + " did not finish");
        }
        return new Run(process.exitValue(), Files.readString(workDir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(workDir.resolve("err"), StandardCharsets.UTF_8));
    }
}
