package io.extguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The command line's answers to mistakes and to "help", without booting Quarkus. */
class MainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void aMistypedCommandGetsADidYouMean() {
        int exit = run("chek");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("Unknown command 'chek'. Did you mean 'check'?")
                .contains("Run 'extguard --help' for the options.");
    }

    @Test
    void aMistypedOptionGetsADidYouMean() {
        int exit = run("check", "--concurency=8");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("Unknown option '--concurency=8'. Did you mean '--concurrency'?")
                .contains("Run 'extguard check --help' for the options.");
    }

    /** The fast path's command line (one subcommand) answers mistakes in the same words. */
    @ParameterizedTest
    @ValueSource(strings = {"check", "preflight"})
    void theOneCommandLineOfTheFastPathSaysWhatTheFullOneSays(String command) {
        CommandLine only = Main.commandLine(command);
        only.setErr(new PrintWriter(err, true));

        int exit = only.execute(command, "--concurency=8");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("Unknown option '--concurency=8'. Did you mean '--concurrency'?")
                .contains("Run 'extguard " + command + " --help' for the options.");
        String fast = err.toString();
        err.getBuffer().setLength(0);
        assertThat(run(command, "--concurency=8")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(fast);
    }

    @Test
    void anArgumentNothingResemblesSaysSoWithoutSuggestions() {
        int exit = run("xyzzy");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("Unknown command 'xyzzy'.").doesNotContain("Did you mean");
    }

    @Test
    void helpListsTheCommandsAndHelpCommandShowsOne() {
        assertThat(run("help")).isZero();
        assertThat(out.toString()).contains("preflight", "check", "sidecar", "help");

        out.getBuffer().setLength(0);
        assertThat(run("help", "check")).isZero();
        assertThat(out.toString()).contains("Usage: extguard check").contains("--databases");
    }
}
