package io.extguard.model;

/**
 * The one exception that reaches the command line. It carries a {@link ProblemCode}, which
 * decides the exit code, so that a configuration mistake (2) is never confused with a server
 * that did not come up (1).
 */
public class ExtguardException extends RuntimeException {
    private final ProblemCode code;

    public ExtguardException(ProblemCode code, String message) {
        super(message);
        this.code = code;
    }

    public ExtguardException(ProblemCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ExtguardException(ExitCode exitCode, String message) {
        this(exitCode == ExitCode.USAGE ? ProblemCode.USAGE : ProblemCode.FAILED, message);
    }

    public ExtguardException(ExitCode exitCode, String message, Throwable cause) {
        this(exitCode == ExitCode.USAGE ? ProblemCode.USAGE : ProblemCode.FAILED, message, cause);
    }

    public static ExtguardException usage(String message) {
        return new ExtguardException(ProblemCode.USAGE, message);
    }

    public ExitCode exitCode() {
        return code.exitCode();
    }

    public ProblemCode code() {
        return code;
    }

    public Problem problem() {
        return new Problem(code, getMessage());
    }
}
