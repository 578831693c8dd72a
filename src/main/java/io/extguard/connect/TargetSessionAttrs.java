package io.extguard.connect;

import io.extguard.model.ExtguardException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * libpq's {@code target_session_attrs}: which of several hosts a session may settle on. The rules
 * are libpq's, from PostgreSQL's src/interfaces/libpq/fe-connect.c ({@code PQconnectPoll}, state
 * {@code CONNECTION_CHECK_TARGET}): {@code read-write} and {@code read-only} look at
 * {@code transaction_read_only} (on when {@code default_transaction_read_only} is on or the server is in
 * hot standby); {@code primary}, {@code standby} and {@code prefer-standby} look at
 * {@code pg_is_in_recovery()} only. A host that does not qualify is closed and the next one is tried.
 */
enum TargetSessionAttrs {
    ANY("any"),
    READ_WRITE("read-write"),
    READ_ONLY("read-only"),
    PRIMARY("primary"),
    STANDBY("standby"),
    /** A standby if any host is one; else, in a second pass over the same hosts, any server (libpq's PASS2). */
    PREFER_STANDBY("prefer-standby");

    /** The connection parameter's libpq name, as the URL and the settings carry it. */
    public static final String PARAMETER = "target_session_attrs";

    private final String libpqName;

    TargetSessionAttrs(String libpqName) {
        this.libpqName = libpqName;
    }

    public String libpqName() {
        return libpqName;
    }

    /** The value as libpq spells it; null or blank is {@link #ANY}. Anything else is a usage error (exit 2). */
    public static TargetSessionAttrs parse(String value) {
        if (value == null || value.isBlank()) {
            return ANY;
        }
        for (TargetSessionAttrs each : values()) {
            if (each.libpqName.equals(value.strip().toLowerCase(Locale.ROOT))) {
                return each;
            }
        }
        throw ExtguardException.usage("target_session_attrs '" + value + "' is not one of "
                + Arrays.stream(values()).map(TargetSessionAttrs::libpqName).collect(Collectors.joining(", ")) + ".");
    }

    /** Whether a host has to be asked about its state before a session may stay on it. */
    public boolean needsServerState() {
        return this != ANY;
    }

    /**
     * Why a server does not qualify, in libpq's words, or null when it does.
     *
     * @param secondPass prefer-standby's second pass over the hosts, which takes any server
     */
    public String rejection(ServerState server, boolean secondPass) {
        return switch (this) {
            case ANY -> null;
            case READ_WRITE -> server.readOnly() ? "session is read-only" : null;
            case READ_ONLY -> server.readOnly() ? null : "session is not read-only";
            case PRIMARY -> server.inRecovery() ? "server is in hot standby mode" : null;
            case STANDBY -> server.inRecovery() ? null : "server is not in hot standby mode";
            case PREFER_STANDBY -> secondPass || server.inRecovery() ? null : "server is not in hot standby mode";
        };
    }

    /** Passes over the host list: two for prefer-standby, one otherwise. */
    public int passes() {
        return this == PREFER_STANDBY ? 2 : 1;
    }
}
