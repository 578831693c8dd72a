package io.extguard.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.testsupport.Executables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs promtool (Debian's prometheus package; bin/test installs it) and fails clearly where it is missing. */
public final class PromtoolRunner {
    private PromtoolRunner() {
    }

    public record Result(int exit, String output) {
    }

    /** promtool as found on PATH; fails the test, naming the package, where there is none. */
    public static Path promtool() {
        return Executables.onPath("promtool").orElseThrow(() -> new IllegalStateException(
                "promtool is not on PATH; install Debian's 'prometheus' package (bin/test does so as root) "
                        + "to test the alert rules and the metrics output"));
    }

    public static Result run(Path dir, String... command) throws IOException, InterruptedException {
        promtool();
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        return new Result(process.exitValue(), output);
    }
}
