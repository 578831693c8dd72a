package io.extguard.model;

/**
 * Why a run stopped before or instead of its work, as a stable code in the JSON report's
 * {@code error.code}. Scripts may match on these; renaming one is a breaking change.
 */
public enum ProblemCode {
    /** A setting, option, URL parameter or name is wrong; nothing was touched. Exit 2. */
    USAGE(ExitCode.USAGE),
    /** The report file cannot be written; checked before anything changes. Exit 2. */
    REPORT_UNWRITABLE(ExitCode.USAGE),
    /** A pin, --ensure or probe names an extension the server does not offer. Exit 2. */
    UNKNOWN_EXTENSION(ExitCode.USAGE),
    /** The server did not accept connections within --wait. */
    CONNECTION_FAILED(ExitCode.FAILED),
    /** The server asked for a password and none was found. */
    PASSWORD_REQUIRED(ExitCode.FAILED),
    /** The server rejected the user or password (SQLSTATE 28xxx). */
    AUTHENTICATION_FAILED(ExitCode.FAILED),
    /** TLS could not be negotiated or the certificate was not accepted. */
    TLS_FAILED(ExitCode.FAILED),
    /** The maintenance database does not exist. */
    DATABASE_MISSING(ExitCode.FAILED),
    /** preflight was pointed at a hot standby, whose catalogs are read-only copies of the primary's. */
    STANDBY(ExitCode.FAILED),
    /** The list of databases or the server's extension catalog could not be read. */
    CATALOG_READ_FAILED(ExitCode.FAILED),
    /** The process was asked to stop (SIGTERM) before it finished. */
    INTERRUPTED(ExitCode.FAILED),
    /**
     * A warning, not a failure: --databases matched no database. A fresh install has no tenants
     * yet, and its initContainer must not keep the application from starting, so the exit code is 0.
     */
    NO_DATABASE_MATCHED(ExitCode.OK),
    /** A warning: preflight was skipped (--skip, EXTGUARD_SKIP or SKIP_EXTENSION_UPDATE); nothing was checked. */
    SKIPPED(ExitCode.OK),
    /**
     * A warning of {@code check --library-from}: the candidate image's PostgreSQL major version
     * differs from the production server's. extguard plans the extensions, not the major upgrade.
     */
    MAJOR_UPGRADE(ExitCode.OK),
    /** Anything else that stopped the run. */
    FAILED(ExitCode.FAILED);

    private final ExitCode exitCode;

    ProblemCode(ExitCode exitCode) {
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
