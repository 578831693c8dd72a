package io.extguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.testsupport.Cli;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

/**
 * The launches that boot Quarkus, as users' do: help, no command at all, and the sidecar's usage
 * errors. check and preflight themselves never boot it; their tests use {@link CliLauncher}.
 */
@QuarkusMainTest
class QuarkusCommandsTest {

    /*
     * Quarkus's test launcher calls Main.main inside the test JVM, and surefire runs test classes
     * in any order across its forks: a command's "no HTTP server", set for its own boot, must be
     * gone afterwards, or the next sidecar test in that JVM starts without a port and every probe
     * is refused.
     */
    @Test
    void aCommandRunInsideThisJvmLeavesNoQuarkusSettingBehind(QuarkusMainLauncher launcher) {
        String before = System.getProperty("quarkus.http.host-enabled");

        LaunchResult result = launcher.launch("check", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains("Usage: extguard check");
        assertThat(System.getProperty("quarkus.http.host-enabled")).isEqualTo(before).isNull();
    }

    @Test
    void preflightHelpListsEveryOptionWithItsDefault(QuarkusMainLauncher launcher) {
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
    }

    @Test
    void noCommandIsAUsageError(QuarkusMainLauncher launcher) {
        assertThat(launcher.launch().exitCode()).isEqualTo(2);
    }

    @Test
    void theSidecarRefusesTheGateOptions(QuarkusMainLauncher launcher) {
        LaunchResult sidecar = launcher.launch("sidecar", "--url", "postgresql://gate@127.0.0.1:1/postgres",
                "--library-from", "postgresql://candidate@127.0.0.1:1/postgres");
        assertThat(sidecar.exitCode()).as(Cli.logs(sidecar)).isEqualTo(2);
        assertThat(Cli.logs(sidecar)).contains("--library-from").contains("is for check only");
    }
}
