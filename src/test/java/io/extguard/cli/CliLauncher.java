package io.extguard.cli;

import org.junit.jupiter.api.extension.ExtendWith;
import io.quarkus.test.junit.main.LaunchResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs {@code check} and {@code preflight} inside the test JVM the way {@code bin/extguard}, the
 * packaged jar and the JVM image run them: through {@link FastStart}, without booting Quarkus.
 * Each launch captures what the run printed (stdout) and logged (stderr) and its exit code.
 *
 * <p>Quarkus's own launcher ({@code @QuarkusMainTest}) boots the application for each launch, which
 * users' check and preflight never do; it stays for what does boot Quarkus (the sidecar, help, a
 * missing command), and {@link #launch} refuses those so that no test silently takes a way users
 * do not. A test method gets a launcher as a parameter when its class is annotated
 * {@code @ExtendWith(CliLauncher.Resolver.class)}.
 */
public final class CliLauncher {

    /** Supplies a {@link CliLauncher} to test methods that declare one. */
    public static final class Resolver implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == CliLauncher.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return new CliLauncher();
        }
    }

    private record Run(List<String> getOutputStream, List<String> getErrorStream, int exitCode) implements LaunchResult {
    }

    CliLauncher() {
    }

    /** Runs {@code extguard args...} to its end and returns what it printed, logged and exited with. */
    public LaunchResult launch(String... args) {
        if (!FastStart.handles(List.of(args))) {
            throw new IllegalArgumentException("extguard " + String.join(" ", args)
                    + " boots Quarkus; test it with @QuarkusMainTest and its QuarkusMainLauncher");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        int exitCode;
        try (PrintStream capturedOut = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream capturedErr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(capturedOut);
            System.setErr(capturedErr);
            exitCode = FastStart.runInProcess(capturedErr, args);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        return new Run(lines(out), lines(err), exitCode);
    }

    private static List<String> lines(ByteArrayOutputStream captured) {
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
