package io.extguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.cli.CliLauncher;
import io.extguard.testsupport.Cli;
import io.quarkus.test.junit.main.LaunchResult;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bad connection input: each gets a clear reason and the documented exit code, and no secret leaks.
 * It needs no server (fast tier). Passwords (wrong, from a file, in the URL) are in faults/SecretsTest, over TLS.
 */
@ExtendWith(CliLauncher.Resolver.class)
class ConnectionProblemsTest {
    private static final String PASSWORD = "S3cret-Pa55word!";

    @Test
    void anUnreachableServerIsWaitedForThenFailsWithExitOne(CliLauncher launcher) throws IOException {
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
    void anUnknownHostCountsAsNotUpYet(CliLauncher launcher) {
        LaunchResult result = launcher.launch("check", "--url", "postgresql://postgres@no-such-host.invalid:5432/postgres",
                "--wait", "1s");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(Cli.logs(result)).contains("did not come up within 1s");
    }

    @Test
    void aMalformedUrlIsAUsageErrorThatHidesThePassword(CliLauncher launcher) {
        LaunchResult result = launcher.launch("check", "--url", "postgresql://postgres:" + PASSWORD + "@localhost:notaport/db");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(Cli.logs(result)).contains("is malformed").contains("notaport").doesNotContain(PASSWORD);

        LaunchResult wrongScheme = launcher.launch("check", "--url", "mysql://localhost/db");
        assertThat(wrongScheme.exitCode()).isEqualTo(2);
        assertThat(Cli.logs(wrongScheme)).contains("must start with postgresql://");
    }

    @Test
    void badOptionsAreUsageErrors(CliLauncher launcher) {
        assertThat(launcher.launch("check", "--wait", "soon").exitCode()).isEqualTo(2);
        assertThat(launcher.launch("check", "--concurrency", "0").exitCode()).isEqualTo(2);
        assertThat(launcher.launch("check", "--no-such-option").exitCode()).isEqualTo(2);
        assertThat(launcher.launch("check", "--lock-timeout", "5s").exitCode()).as("an option of preflight only").isEqualTo(2);
    }
}
