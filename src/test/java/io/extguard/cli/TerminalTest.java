package io.extguard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whether stdout is a terminal, asked of a real child JVM (the JDK running the tests, 22+, where
 * {@code System.console()} is not null even when redirected) with its stdout in a file, in a
 * pipe, and on a pseudo-terminal made by util-linux's {@code script}.
 */
class TerminalTest {
    @TempDir
    Path dir;

    @Test
    void theDevicesOfATerminal() {
        assertThat(Terminal.isTerminalDevice("/dev/pts/3")).isTrue();
        assertThat(Terminal.isTerminalDevice("/dev/tty1")).isTrue();
        assertThat(Terminal.isTerminalDevice("/dev/console")).isTrue();
        assertThat(Terminal.isTerminalDevice("pipe:[123456]")).isFalse();
        assertThat(Terminal.isTerminalDevice("socket:[42]")).isFalse();
        assertThat(Terminal.isTerminalDevice("/dev/null")).isFalse();
        assertThat(Terminal.isTerminalDevice("/tmp/plan.txt")).isFalse();
    }

    @Test
    void stdoutInAFileIsNotATerminal() throws Exception {
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(probe()).redirectOutput(out.toFile()).redirectErrorStream(false).start();

        assertThat(p.waitFor()).isZero();
        assertThat(Files.readString(out)).isEqualTo("stdout is a terminal: false\n");
    }

    @Test
    void stdoutInAPipeIsNotATerminal() throws Exception {
        Process p = new ProcessBuilder(probe()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor()).isZero();
        assertThat(out).isEqualTo("stdout is a terminal: false\n");
    }

    @Test
    void stdoutOnAPseudoTerminalIsATerminal() throws Exception {
        assumeTrue(new File("/usr/bin/script").canExecute(), "util-linux's script is not installed");
        // script runs the command on a new pseudo-terminal and copies what it writes to its own stdout.
        Process p = new ProcessBuilder("/usr/bin/script", "-qec", String.join(" ", probe()), "/dev/null")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("stdout is a terminal: true");
    }

    private static List<String> probe() throws URISyntaxException, IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(location(Terminal.class) + File.pathSeparator + location(TerminalProbe.class));
        command.add(TerminalProbe.class.getName());
        return command;
    }

    private static String location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
