package io.extguard.testsupport;

import io.quarkus.test.junit.main.LaunchResult;
import java.util.List;

/** What a launch ({@code CliLauncher}, or Quarkus's {@code QuarkusMainLauncher}) printed. */
public final class Cli {
    private Cli() {
    }

    /**
     * Everything, logs included. extguard logs to stderr, but Quarkus's in-JVM launcher captures
     * Quarkus's console log with stdout, so log assertions look at both.
     */
    public static String logs(LaunchResult result) {
        return result.getOutput() + "\n" + result.getErrorOutput();
    }

    /** The pretty-printed JSON report among the captured output: from a line "{" to the last line "}". */
    public static String stdoutJson(LaunchResult result) {
        List<String> lines = result.getOutput().lines().toList();
        int first = lines.indexOf("{");
        int last = lines.lastIndexOf("}");
        if (first < 0 || last < first) {
            throw new AssertionError("No JSON report in the output:\n" + logs(result));
        }
        return String.join("\n", lines.subList(first, last + 1));
    }
}
