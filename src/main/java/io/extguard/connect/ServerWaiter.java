package io.extguard.connect;

import io.extguard.model.ProblemCode;
import io.extguard.model.ExtguardException;
import io.extguard.util.Durations;
import io.extguard.util.Plural;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Waits for the server to accept connections, as an initContainer must when it starts beside
 * a database that is still recovering. Only failures that time can cure are retried.
 */
public final class ServerWaiter {
    private static final Logger LOG = Logger.getLogger(ServerWaiter.class);
    /** 250 ms, doubling to 5 s: a server that restarts is back within a second or two. */
    static final Backoff SCHEDULE = Backoff.doubling(Duration.ofMillis(250), Duration.ofSeconds(5));

    private final Connector connector;
    private final Sleeper sleeper;
    private final Clock clock;

    public ServerWaiter(Connector connector, Sleeper sleeper) {
        this(connector, sleeper, Clock.systemUTC());
    }

    /** @param clock measures the {@code --wait}; tests pass one their {@link Sleeper} moves forward */
    public ServerWaiter(Connector connector, Sleeper sleeper, Clock clock) {
        this.connector = connector;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /** Returns an open connection to the maintenance database, or throws with the reason. */
    public Connection await(Duration wait) {
        Instant started = clock.instant();
        Instant deadline = started.plus(wait);
        WaitProgress progress = new WaitProgress(started, wait);
        int attempt = 0;
        while (true) {
            attempt++;
            try {
                return connector.openMaintenance();
            } catch (SQLException e) {
                ConnectFailure failure = ConnectFailure.classify(e);
                String reason = reason(e);
                if (!failure.isWorthWaitingFor()) {
                    throw refused(failure, reason);
                }
                Instant now = clock.instant();
                if (!now.isBefore(deadline)) {
                    // A host that answers but has the wrong role (standby, read-only) is up: say what was missing.
                    String what = e instanceof HostSelection.NoSuitableHost
                            ? " had no host suitable for its target_session_attrs within " : " did not come up within ";
                    throw new ExtguardException(ProblemCode.CONNECTION_FAILED, "The server " + connector.settings().describe()
                            + what + Durations.format(wait) + " (" + Plural.of(attempt, "attempt")
                            + "; --wait sets how long). Last error: " + reason);
                }
                progress.failed(now, connector.settings().describe(), reason).ifPresent(LOG::info);
                // The last attempt comes at the deadline, so the whole --wait is used before giving up.
                Duration sleep = SCHEDULE.pause(attempt, Duration.between(now, deadline));
                LOG.debugf("Retrying in %s", Durations.format(sleep));
                sleeper.sleep(sleep);
            }
        }
    }

    private ExtguardException refused(ConnectFailure failure, String reason) {
        String what = switch (failure) {
            case AUTHENTICATION -> "rejected the credentials of user " + connector.settings().user()
                    + "; check the password or password file, and pg_hba.conf";
            case DATABASE_MISSING -> "has no maintenance database " + connector.settings().maintenanceDatabase()
                    + "; set PGDATABASE or the URL's database to one that exists";
            case TLS -> "could not be reached over TLS; check sslmode and the certificates";
            case PASSWORD_REQUIRED -> "asks for a password for user " + connector.settings().user()
                    + ", and none was found. extguard looked in --password-file (EXTGUARD_PASSWORD_FILE), the URL, "
                    + "PGPASSWORD, and the password file " + PgPass.location(System.getenv())
                    + "; give the password in one of them";
            case UNKNOWN_TO_POOLER -> "is a connection pooler without an entry for the maintenance database "
                    + connector.settings().maintenanceDatabase() + "; add it to the pooler's [databases] section";
            case STARTUP_PARAMETER -> "is a connection pooler that refuses a startup parameter; add it to the pooler's "
                    + "ignore_startup_parameters or remove it from the URL";
            default -> "refused the connection";
        };
        return new ExtguardException(problemCode(failure),
                "The server " + connector.settings().describe() + " " + what + ": " + reason);
    }

    private static ProblemCode problemCode(ConnectFailure failure) {
        return switch (failure) {
            case AUTHENTICATION -> ProblemCode.AUTHENTICATION_FAILED;
            case PASSWORD_REQUIRED -> ProblemCode.PASSWORD_REQUIRED;
            case TLS -> ProblemCode.TLS_FAILED;
            case DATABASE_MISSING, UNKNOWN_TO_POOLER -> ProblemCode.DATABASE_MISSING;
            default -> ProblemCode.CONNECTION_FAILED;
        };
    }

    String reason(SQLException e) {
        String message = SqlErrors.describe(e);
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
            message = message + " (" + root.getMessage() + ")";
        }
        return Redaction.redact(message, connector.settings().password());
    }
}
