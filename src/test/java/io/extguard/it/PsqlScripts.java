package io.extguard.it;

import io.extguard.testsupport.Cli;
import io.extguard.testsupport.PgServer;
import io.quarkus.test.junit.main.LaunchResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The psql script that {@code check --output sql} printed, and the real psql to run it. */
final class PsqlScripts {
    static final Path PSQL = Path.of("/usr/bin/psql");
    private static final String FIRST_LINE = "-- extguard check: the plan as a psql script.";
    private static final String LAST_LINE = "-- End of the extguard plan.";

    private PsqlScripts() {
    }

    /** The script among the captured output (the in-JVM launcher mixes the log in). */
    static String script(LaunchResult result) {
        List<String> lines = result.getOutput().lines().toList();
        int first = lines.indexOf(FIRST_LINE);
        int last = lines.indexOf(LAST_LINE);
        if (first < 0 || last < first) {
            throw new AssertionError("No psql script in the output:\n" + Cli.logs(result));
        }
        return String.join("\n", lines.subList(first, last + 1)) + "\n";
    }

    /** Runs the script as an operator would, {@code psql -X -f}, and returns psql's exit code and output. */
    static Run run(PgServer server, String script, Path dir) throws IOException, InterruptedException {
        Path file = dir.resolve("plan.sql");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        Path output = dir.resolve("psql.out");
        Process psql = new ProcessBuilder(PSQL.toString(), "-X", "-f", file.toString(),
                "host=" + server.host() + " port=" + server.port() + " user=" + server.superuser() + " dbname=postgres")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!psql.waitFor(2, TimeUnit.MINUTES)) {
            psql.destroyForcibly();
            throw new AssertionError("psql did not finish within 2 minutes");
        }
        return new Run(psql.exitValue(), Files.readString(output));
    }

    record Run(int exitCode, String output) {
    }
}
