package io.extguard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs external commands (initdb, pg_ctl, make, ...) with a timeout and captured output. */
final class Processes {

    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    record Result(List<String> command, int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }

        Result orThrow() {
            if (!succeeded()) {
                throw new IllegalStateException("Command failed with exit code " + exitCode + ": "
                        + String.join(" ", command) + "\n" + output);
            }
            return this;
        }
    }

    private Processes() {
    }

    /** Runs the command and throws, with its output, unless it exits with 0. */
    static String run(Path workDir, List<String> command) {
        return execute(workDir, command, DEFAULT_TIMEOUT).orThrow().output();
    }

    /** Runs the command and reports its exit code and output; a timeout still throws. */
    static Result execute(Path workDir, List<String> command, Duration timeout) {
        Path outputFile = createOutputFile();
        try {
            Process process = start(workDir, command, outputFile);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Command timed out after " + timeout + ": "
                        + String.join(" ", command) + "\n" + Files.readString(outputFile, StandardCharsets.UTF_8));
            }
            return new Result(command, process.exitValue(), Files.readString(outputFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", command), e);
        } finally {
            FileTree.deleteQuietly(outputFile);
        }
    }

    /*
     * Output goes to a file, not a pipe: pg_ctl starts a postmaster that outlives it, and a
     * pipe inherited by such a grandchild would never reach end-of-file.
     */
    private static Process start(Path workDir, List<String> command, Path outputFile) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(outputFile.toFile());
        useNeutralEnvironment(builder.environment());
        return builder.start();
    }

    /**
     * The developer's PGDATA, PGPORT, PGHOST, ... must not leak into the fixture, and English
     * messages keep failures readable whatever the machine's locale.
     */
    private static void useNeutralEnvironment(Map<String, String> environment) {
        environment.keySet().removeIf(name -> name.startsWith("PG"));
        environment.put("LC_ALL", "C");
        environment.put("LANG", "C");
    }

    private static Path createOutputFile() {
        try {
            return Files.createTempFile("extguard-fixture-command", ".out");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
