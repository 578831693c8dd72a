package io.extguard.connect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Tries a multi-host list the way libpq does (PostgreSQL's src/interfaces/libpq/fe-connect.c,
 * {@code PQconnectPoll}): hosts in the order given, the first one that accepts the connection and
 * satisfies {@code target_session_attrs} wins; a host that does not qualify is closed and the next
 * is tried; {@code prefer-standby} makes a second pass that takes any server. pgjdbc's own
 * multi-host support is not used for this: its {@code targetServerType=primary} means "not
 * read-only", which is libpq's {@code read-write}, not libpq's {@code primary}.
 */
final class HostSelection {
    /** How one host is connected to. */
    @FunctionalInterface
    interface HostConnector {
        Connection connect(HostPort host) throws SQLException;
    }

    private HostSelection() {
    }

    static Connection open(List<HostPort> hosts, TargetSessionAttrs target, HostConnector connector)
            throws SQLException {
        List<String> reasons = new ArrayList<>();
        List<SQLException> failures = new ArrayList<>();
        boolean worthWaiting = false;
        for (int pass = 1; pass <= target.passes(); pass++) {
            boolean secondPass = pass == 2;
            for (HostPort host : hosts) {
                Connection connection;
                try {
                    connection = connector.connect(host);
                } catch (SQLException e) {
                    failures.add(e);
                    reasons.add(host + ": " + SqlErrors.describe(e));
                    worthWaiting |= ConnectFailure.classify(e).isWorthWaitingFor();
                    continue;
                }
                String rejection = rejection(connection, target, secondPass);
                if (rejection == null) {
                    return connection;
                }
                close(connection);
                reasons.add(host + ": " + rejection);
                // A failover may promote a standby or demote a primary at any moment: worth waiting for.
                worthWaiting = true;
            }
        }
        throw combined(hosts, target, reasons, failures, worthWaiting);
    }

    private static String rejection(Connection connection, TargetSessionAttrs target, boolean secondPass)
            throws SQLException {
        if (!target.needsServerState() || secondPass) {
            return null;
        }
        try {
            return target.rejection(ServerState.read(connection), false);
        } catch (SQLException e) {
            close(connection);
            throw e;
        }
    }

    private static SQLException combined(List<HostPort> hosts, TargetSessionAttrs target, List<String> reasons,
                                         List<SQLException> failures, boolean worthWaiting) {
        // One host that failed outright: its own exception keeps the cause that classifies it (TLS, ...).
        if (failures.size() == 1 && reasons.size() == 1) {
            return failures.get(0);
        }
        String what = target == TargetSessionAttrs.ANY ? "No host accepted the connection"
                : "No host is suitable for target_session_attrs=" + target.libpqName();
        String state = worthWaiting || failures.isEmpty() ? SqlStates.UNABLE_TO_CONNECT : failures.get(0).getSQLState();
        String message = what + " (tried " + hosts.size() + " in order: " + String.join("; ", reasons) + ")";
        SQLException e = failures.size() < reasons.size() ? new NoSuitableHost(message, state) : new SQLException(message, state);
        if (!worthWaiting && !failures.isEmpty()) {
            e.initCause(failures.get(0));
        }
        return e;
    }

    /** At least one host answered but did not qualify under target_session_attrs. */
    static final class NoSuitableHost extends SQLException {
        NoSuitableHost(String message, String sqlState) {
            super(message, sqlState);
        }
    }

    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Rejected hosts are left behind; closing is a courtesy (libpq's sendTerminateConn).
        }
    }
}
