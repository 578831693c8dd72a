package io.extguard.connect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The server a run settled on, learnt from its first (maintenance) session in one round trip:
 * where it is, whether it is a hot standby, and whether the session really has the timeouts
 * extguard asked for. A pooler may refuse the {@code options} startup parameter or drop it
 * silently (PgBouncer's {@code ignore_startup_parameters = options}); then the timeouts are
 * applied another way, never lost without a word.
 */
public record SettledServer(Connector connector, Connection maintenance, HostPort host, ServerState state) {
    private static final Logger LOG = Logger.getLogger(SettledServer.class);
    /** Hosts already reported as dropping the startup options: said once per process, not at every sidecar check. */
    private static final Set<HostPort> DROPPING_OPTIONS = ConcurrentHashMap.newKeySet();

    /** Reads the server's state over the maintenance session and pins a connector to that server. */
    public static SettledServer settle(Connector connector, Connection maintenance) throws SQLException {
        HostPort host = Connector.hostOf(maintenance);
        ServerState state = ServerState.read(maintenance);
        boolean verified = state.hasTimeouts(connector.statementTimeout().toMillis(),
                connector.lockTimeout().toMillis());
        if (!verified && !connector.optionsRejected() && DROPPING_OPTIONS.add(host)) {
            LOG.warnf("Sessions on %s start with statement_timeout=%dms and lock_timeout=%dms, not the %dms and %dms "
                            + "extguard sent in the options startup parameter: something in between drops it (PgBouncer's "
                            + "ignore_startup_parameters = options). lock_timeout and statement_timeout are set with SET LOCAL "
                            + "in each update transaction, and every other statement is bounded by a client-side timeout",
                    host, state.statementTimeoutMillis(), state.lockTimeoutMillis(),
                    connector.statementTimeout().toMillis(), connector.lockTimeout().toMillis());
        }
        Connector pinned = connector.pinnedTo(host, verified);
        return new SettledServer(pinned, pinned.bound(maintenance), host, state);
    }

    public boolean standby() {
        return state.inRecovery();
    }

    /** What preflight says, and exits 1 with, before it visits any database of a standby. */
    public String standbyRefusal() {
        return host + " is a hot standby (read-only): run preflight against the primary; "
                + "standbys receive the catalog changes by replication";
    }
}
