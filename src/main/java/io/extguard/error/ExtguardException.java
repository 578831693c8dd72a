package io.extguard.error;

/**
 * The one exception that reaches the command line. It carries the exit code, so that a
 * configuration mistake (2) is never confused with a server that did not come up (1).
 */
public class ExtguardException extends RuntimeException {
    private final ExitCode exitCode;

    public ExtguardException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public ExtguardException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static ExtguardException usage(String message) {
        return new ExtguardException(ExitCode.USAGE, message);
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
