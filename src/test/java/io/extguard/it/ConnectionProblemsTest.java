package io.extguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.testsupport.Cli;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * Bad connection input: each gets a clear reason and the documented exit code, and no secret leaks.
 * It needs no server (fast tier). Passwords (wrong, from a file, in the URL) are in faults/SecretsTest, over TLS.
 */
@QuarkusMainTest
class ConnectionProblemsTest {
    private static final String PASSWORD = "S3cret-Pa55word!";

    @Test
    void anUnreachableServerIsWaitedForThenFailsWithExitOne(QuarkusMainLauncher launcher) throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        LaunchResult result = launcher.launch("preflight", "--url", "postgresql://postgres@127.0.0.1:" + closedPort + "/postgres",
                "--wait", "2s");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(Cli.logs(result))
                .contains("is not up yet")
                .contains("did not come up within 2s");
    }

    @Test
    void anUnknownHostCountsAsNotUpYet(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("check", "--url", "postgresql://postgres@no-such-host.invalid:5432/postgres",
                "--wait", "1s");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(Cli.logs(result)).contains("did not come up within 1s");
    }

    @Test
    void aMalformedUrlIsAUsageErrorThatHidesThePassword(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("check", "--url", "postgresql://postgres:" + PASSWORD + "@localhost:notaport/db");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(Cli.logs(result)).contains("is malformed").contains("notaport").doesNotContain(PASSWORD);

        LaunchResult wrongScheme = launcher.launch("check", "--url", "mysql://localhost/db");
        assertThat(wrongScheme.exitCode()).isEqualTo(2);
        assertThat(Cli.logs(wrongScheme)).contains("must start with postgresql://");
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
