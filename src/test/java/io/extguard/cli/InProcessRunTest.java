package io.extguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

/**
 * Quarkus's test launcher calls {@link Main#main} inside the test JVM, and surefire runs test
 * classes in any order across its forks: a check's "no HTTP server" set for its own boot must be
 * gone afterwards, or the next sidecar test in that JVM starts without a port and every probe is refused.
 */
@QuarkusMainTest
class InProcessRunTest {

    @Test
    void aCommandRunInsideThisJvmLeavesNoQuarkusSettingBehind(QuarkusMainLauncher launcher) {
        String before = System.getProperty("quarkus.http.host-enabled");

        LaunchResult result = launcher.launch("check", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains("Usage: extguard check");
        assertThat(System.getProperty("quarkus.http.host-enabled")).isEqualTo(before).isNull();
    }
}
