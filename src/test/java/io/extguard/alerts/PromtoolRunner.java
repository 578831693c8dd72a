package io.extguard.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs promtool (Debian's prometheus package; .ci/run installs it) and fails clearly where it is missing. */
public final class PromtoolRunner {
    private PromtoolRunner() {
    }

    public record Result(int exit, String output) {
    }

    public static Result run(Path dir, String... command) throws IOException, InterruptedException {
        if (Files.notExists(Path.of("/usr/bin/promtool")) && Files.notExists(Path.of("/usr/local/bin/promtool"))) {
            throw new IllegalStateException("promtool is not installed; install Debian's 'prometheus' package "
                    + "(.ci/run does) to test the alert rules and the metrics output");
        }
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        return new Result(process.exitValue(), output);
    }
}
