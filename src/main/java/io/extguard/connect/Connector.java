package io.extguard.connect;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.postgresql.core.BaseConnection;
import org.postgresql.util.HostSpec;

/**
 * Opens one fresh connection to a named database. The database name travels URL-encoded, so any
 * name PostgreSQL accepts (quotes, slashes, newlines, unicode) reaches the server unchanged.
 *
 * <p>Several hosts are tried in order under libpq's {@code target_session_attrs} rules
 * ({@link HostSelection}); a run settles on the host its first connection reached and
 * {@linkplain #pinnedTo pins} every later session to it, so all databases of a run are read from
 * one server. When something in between (PgBouncer) refuses the {@code options} startup parameter,
 * sessions are opened without it and their timeouts are set another way ({@link #boundClientSide}).
 */
public final class Connector {
    private static final Logger LOG = Logger.getLogger(Connector.class);
    private static final org.postgresql.Driver DRIVER = new org.postgresql.Driver();
    private static final String OPTIONS = "options";

    private final ConnectionSettings settings;
    private final Properties baseProperties;
    private final Duration lockTimeout;
    private final Duration statementTimeout;
    private final TargetSessionAttrs target;
    private final boolean clientSideTimeouts;
    private final List<String> startupSettings;
    /**
     * Hosts that refused {@code options} (a pooler): later sessions to them, by any connector of this
     * process (the sidecar makes new ones for every check), go without it instead of failing first.
     */
    private static final Set<HostPort> REFUSING_OPTIONS = ConcurrentHashMap.newKeySet();

    public Connector(ConnectionSettings settings, Duration lockTimeout, Duration statementTimeout) {
        this(settings, lockTimeout, statementTimeout, List.of());
    }

    /**
     * @param startupSettings further {@code -c name=value} words for the startup packet's options,
     *                        which extension recipes need in force before a session's first statement
     */
    public Connector(ConnectionSettings settings, Duration lockTimeout, Duration statementTimeout,
                     List<String> startupSettings) {
        this(settings, lockTimeout, statementTimeout,
                TargetSessionAttrs.parse(settings.driverProperties().get(TargetSessionAttrs.PARAMETER)), false,
                startupSettings);
    }

    private Connector(ConnectionSettings settings, Duration lockTimeout, Duration statementTimeout,
                      TargetSessionAttrs target, boolean clientSideTimeouts, List<String> startupSettings) {
        this.settings = settings;
        this.lockTimeout = lockTimeout;
        this.statementTimeout = statementTimeout;
        this.target = target;
        this.clientSideTimeouts = clientSideTimeouts;
        this.startupSettings = List.copyOf(startupSettings);
        this.baseProperties = baseProperties(settings, lockTimeout, statementTimeout, this.startupSettings);
    }

    public ConnectionSettings settings() {
        return settings;
    }

    public Duration lockTimeout() {
        return lockTimeout;
    }

    public Duration statementTimeout() {
        return statementTimeout;
    }

    /** Whether a pooler refused the {@code options} startup parameter, so sessions start without the timeouts. */
    public boolean optionsRejected() {
        return settings.hosts().stream().anyMatch(REFUSING_OPTIONS::contains);
    }

    public Connection open(String database) throws SQLException {
        List<HostPort> hosts = settings.hosts();
        Connection connection = hosts.size() == 1 && !target.needsServerState()
                ? connect(hosts.get(0), database)
                : HostSelection.open(hosts, target, host -> connect(host, database));
        return clientSideTimeouts ? TimeoutBoundConnection.wrap(connection, statementTimeout) : connection;
    }

    public Connection openMaintenance() throws SQLException {
        return open(settings.maintenanceDatabase());
    }

    /**
     * A connector for one server only, the one this connector's first session reached, with no
     * further host selection. {@code timeoutsVerified} false makes its sessions bound every
     * statement by a client-side timeout, for when the startup options did not arrive.
     */
    public Connector pinnedTo(HostPort host, boolean timeoutsVerified) {
        ConnectionSettings one = new ConnectionSettings(List.of(host), settings.user(), settings.password(),
                settings.maintenanceDatabase(), settings.driverProperties());
        return new Connector(one, lockTimeout, statementTimeout, TargetSessionAttrs.ANY, !timeoutsVerified,
                startupSettings);
    }

    /** The connection as this connector hands them out (with client-side timeouts where it adds them). */
    public Connection bound(Connection connection) {
        return clientSideTimeouts ? TimeoutBoundConnection.wrap(connection, statementTimeout) : connection;
    }

    /** Where an open connection went: pgjdbc's host and port of the session. */
    public static HostPort hostOf(Connection connection) throws SQLException {
        HostSpec spec = connection.unwrap(BaseConnection.class).getQueryExecutor().getHostSpec();
        return new HostPort(spec.getHost(), spec.getPort());
    }

    private Connection connect(HostPort host, String database) throws SQLException {
        String url = "jdbc:postgresql://" + host + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
        if (REFUSING_OPTIONS.contains(host)) {
            return checked(DRIVER.connect(url, withoutOptions()), database);
        }
        try {
            return checked(DRIVER.connect(url, baseProperties), database);
        } catch (SQLException e) {
            if (!PoolerErrors.rejectsOptions(e) || settings.driverProperties().containsKey(OPTIONS)) {
                throw e;
            }
            if (REFUSING_OPTIONS.add(host)) {
                LOG.warnf("%s refuses the startup parameter options (a pooler such as PgBouncer without "
                        + "ignore_startup_parameters = options); connecting without it. lock_timeout and "
                        + "statement_timeout are then set with SET LOCAL in each update transaction, and every "
                        + "other statement is bounded by a client-side timeout", host);
            }
            return checked(DRIVER.connect(url, withoutOptions()), database);
        }
    }

    private static Connection checked(Connection connection, String database) throws SQLException {
        if (connection == null) {
            throw new SQLException("pgjdbc did not accept the URL for database " + database, SqlStates.UNABLE_TO_CONNECT);
        }
        return connection;
    }

    private Properties withoutOptions() {
        Properties props = new Properties();
        props.putAll(baseProperties);
        props.remove(OPTIONS);
        return props;
    }

    private static Properties baseProperties(ConnectionSettings s, Duration lockTimeout, Duration statementTimeout,
                                             List<String> startupSettings) {
        Properties props = new Properties();
        props.putAll(s.driverProperties());
        // libpq's parameter, handled by HostSelection; pgjdbc does not know it.
        props.remove(TargetSessionAttrs.PARAMETER);
        props.setProperty("user", s.user());
        if (s.password() != null) {
            props.setProperty("password", s.password().reveal());
        }
        props.putIfAbsent("ApplicationName", "extguard");
        // Every server with extensions is 9.1 or newer. Saying so lets pgjdbc send application_name
        // in the startup packet instead of a SET after connecting: one round trip less per
        // database (pgjdbc's core/v3/ConnectionFactoryImpl: getParametersForStartup, runInitialQueries),
        // and no statement before the first one extguard sends, which TimescaleDB's loader needs
        // (see recipe/TimescaleDbRecipe).
        props.putIfAbsent("assumeMinServerVersion", "9.1");
        props.putIfAbsent("connectTimeout", "10");
        // No named server-side prepared statements: behind a transaction pooler the next transaction may run
        // on a server connection where another client already prepared "S_1" (42P05). extguard runs each
        // catalog query a few times per database at most, so server-side preparation saves nothing.
        props.putIfAbsent("prepareThreshold", "0");
        // Set as startup options, so every session is bounded before its first statement and
        // without an extra round trip per database.
        String timeouts = "-c lock_timeout=" + lockTimeout.toMillis()
                + " -c statement_timeout=" + statementTimeout.toMillis()
                + startupSettings.stream().map(word -> " " + word).collect(Collectors.joining());
        String userOptions = s.driverProperties().get(OPTIONS);
        props.setProperty(OPTIONS, userOptions == null ? timeouts : userOptions + " " + timeouts);
        return props;
    }
}
