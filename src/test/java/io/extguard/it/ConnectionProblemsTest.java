package io.extguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.ServerTest;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad connection input: each gets a clear reason and the documented exit code, and no secret leaks. */
@QuarkusMainTest
@ServerTest
class ConnectionProblemsTest {
    private static final String PASSWORD = "S3cret-Pa55word!";
    private static PgServer server;

    @BeforeAll
    static void serverWithAPassword() {
        server = PgServer.builder(PgInstall.shared()).name("password").password(PASSWORD).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String url(String password) {
        return "postgresql://postgres:" + password + "@" + server.host() + ":" + server.port() + "/postgres";
    }

    @Test
    void aWrongPasswordFailsAtOnceWithTheReason(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("preflight", "--url", url("Wr0ng-Guess"), "--wait", "60s");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(Tenants.logs(result))
                .contains("rejected the credentials of user postgres")
                .contains("28P01")
                .doesNotContain("Wr0ng-Guess")
                .doesNotContain("not up yet");
    }

    @Test
    void thePasswordFileIsReadAndNeverPrinted(QuarkusMainLauncher launcher, @TempDir Path dir) throws IOException {
        Path secret = dir.resolve("password");
        Files.writeString(secret, PASSWORD + "\n");
        Path report = dir.resolve("report.json");
        LaunchResult result = launcher.launch("check", "--url", "postgresql://postgres@" + server.host() + ":"
                + server.port() + "/postgres", "--password-file", secret.toString(), "--output", "json",
                "--report", report.toString());
        assertThat(result.exitCode()).as(Tenants.logs(result)).isZero();
        assertThat(result.getOutput()).contains("\"exitCode\" : 0").doesNotContain(PASSWORD);
        assertThat(Tenants.logs(result)).doesNotContain(PASSWORD);
        assertThat(Files.readString(report)).doesNotContain(PASSWORD);
    }

    @Test
    void aPasswordInTheUrlNeverReachesTheLogs(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("check", "--url", url(PASSWORD), "--output", "json");
        assertThat(result.exitCode()).as(Tenants.logs(result)).isZero();
        assertThat(result.getOutput() + Tenants.logs(result)).doesNotContain(PASSWORD);
    }

    @Test
    void anUnreachableServerIsWaitedForThenFailsWithExitOne(QuarkusMainLauncher launcher) throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        LaunchResult result = launcher.launch("preflight", "--url", "postgresql://postgres@127.0.0.1:" + closedPort + "/postgres",
                "--wait", "2s");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(Tenants.logs(result))
                .contains("is not up yet")
                .contains("did not come up within 2s");
    }

    @Test
    void anUnknownHostCountsAsNotUpYet(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("check", "--url", "postgresql://postgres@no-such-host.invalid:5432/postgres",
                "--wait", "1s");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(Tenants.logs(result)).contains("did not come up within 1s");
    }

    @Test
    void aMalformedUrlIsAUsageErrorThatHidesThePassword(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("check", "--url", "postgresql://postgres:" + PASSWORD + "@localhost:notaport/db");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(Tenants.logs(result)).contains("is malformed").contains("notaport").doesNotContain(PASSWORD);

        LaunchResult wrongScheme = launcher.launch("check", "--url", "mysql://localhost/db");
        assertThat(wrongScheme.exitCode()).isEqualTo(2);
        assertThat(Tenants.logs(wrongScheme)).contains("must start with postgresql://");
    }

    @Test
    void badOptionsAreUsageErrors(QuarkusMainLauncher launcher) {
        assertThat(launcher.launch("check", "--wait", "soon").exitCode()).isEqualTo(2);
        assertThat(launcher.launch("check", "--concurrency", "0").exitCode()).isEqualTo(2);
        assertThat(launcher.launch("check", "--no-such-option").exitCode()).isEqualTo(2);
        assertThat(launcher.launch().exitCode()).isEqualTo(2);
    }

    @Test
    void helpListsEveryOptionWithItsDefault(QuarkusMainLauncher launcher) {
        LaunchResult help = launcher.launch("preflight", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.getOutput())
                .contains("--url", "--password-file", "--wait", "--databases", "--exclude-databases", "--extensions",
                        "--exclude-extensions", "--pin", "--ensure", "--concurrency", "--lock-timeout",
                        "--statement-timeout", "--retries", "--on-failure", "--output", "--report", "--skip")
                .contains("Default: 4")
                .contains("Default: 5s");
    }

    @Test
    void checkHelpListsOnlyWhatCheckUses(QuarkusMainLauncher launcher) {
        LaunchResult help = launcher.launch("check", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.getOutput()).contains("--url", "--databases", "--pin", "--output")
                .doesNotContain("--lock-timeout", "--skip", "--interval", "--remediate");
        assertThat(launcher.launch("check", "--lock-timeout", "5s").exitCode()).isEqualTo(2);
    }
}
