package io.extguard.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether stdout is a terminal, for the progress lines that must never reach a file or a pipe.
 *
 * <p>Not {@code System.console() != null}: from JDK 22 on it returns a console even when the
 * streams are redirected, and before it answered for stdin and stdout together. Not
 * {@code Console.isTerminal()}: it exists from JDK 22 only, and extguard is built for Java 21,
 * so it would take reflection, which a native image must be told about. On Linux the kernel
 * says exactly where file descriptor 1 points ({@code /proc/self/fd/1}), the same on every JDK
 * and in a native image. Elsewhere only a Java 21 JVM's console answer is trusted; otherwise no
 * terminal is assumed, which costs a progress line and never corrupts an output.
 */
final class Terminal {
    private static final Path STDOUT = Path.of("/proc/self/fd/1");

    private Terminal() {
    }

    static boolean stdout() {
        if (Files.isDirectory(STDOUT.getParent())) {
            try {
                return isTerminalDevice(Files.readSymbolicLink(STDOUT).toString());
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                return false;
            }
        }
        return Runtime.version().feature() < 22 && System.console() != null;
    }

    /** A pseudo-terminal (ssh, terminal emulators, {@code docker run -t}) or a console. */
    static boolean isTerminalDevice(String target) {
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    }
}
