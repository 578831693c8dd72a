package io.extguard.model;

/** The process exit codes, documented in the README. */
public enum ExitCode {
    /** Every selected database is at its target. */
    OK(0),
    /** Some update or verification failed, or the server never came up. */
    FAILED(1),
    /** Invalid configuration or usage. */
    USAGE(2),
    /** {@code check} only: drift was found and nothing was changed. */
    DRIFT(3);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
