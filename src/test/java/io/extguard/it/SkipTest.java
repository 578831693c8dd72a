package io.extguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.cli.CliLauncher;
import io.quarkus.test.junit.main.LaunchResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import io.extguard.testsupport.Cli;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SKIP_EXTENSION_UPDATE lets an operator bypass preflight without editing manifests. The URL
 * points nowhere and the wait is long: had extguard tried to connect, it would wait, then exit 1.
 */
@ExtendWith(CliLauncher.Resolver.class)
class SkipTest {
    private static final String NOWHERE = "postgresql://postgres@127.0.0.1:1/postgres";

    @AfterEach
    void clear() {
        System.clearProperty("SKIP_EXTENSION_UPDATE");
    }

    @Test
    void skipExtensionUpdateExitsZeroWithoutConnecting(CliLauncher launcher) {
        System.setProperty("SKIP_EXTENSION_UPDATE", "true");
        LaunchResult result = launcher.launch("preflight", "--url", NOWHERE, "--wait", "10m");
        assertThat(result.exitCode()).isZero();
        assertThat(Cli.logs(result)).contains("Extension update skipped").doesNotContain("not up yet");
    }

    @Test
    void theSkipOptionDoesTheSame(CliLauncher launcher) {
        LaunchResult result = launcher.launch("preflight", "--skip", "--url", NOWHERE, "--wait", "10m");
        assertThat(result.exitCode()).isZero();
        assertThat(Cli.logs(result)).contains("Extension update skipped");
    }
}
