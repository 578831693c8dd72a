package io.extguard.connect;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Opens one fresh connection to a named database. The database name travels URL-encoded, so any
 * name PostgreSQL accepts (quotes, slashes, newlines, unicode) reaches the server unchanged.
 */
public final class Connector {
    private static final org.postgresql.Driver DRIVER = new org.postgresql.Driver();

    private final ConnectionSettings settings;
    private final String serverPart;
    private final Properties baseProperties;
    private final Duration lockTimeout;
    private final Duration statementTimeout;

    public Connector(ConnectionSettings settings, Duration lockTimeout, Duration statementTimeout) {
        this(settings, lockTimeout, statementTimeout, List.of());
    }

    /**
     * @param startupSettings further {@code -c name=value} words for the startup packet's options,
     *                        which extension recipes need in force before a session's first statement
     */
    public Connector(ConnectionSettings settings, Duration lockTimeout, Duration statementTimeout,
                     List<String> startupSettings) {
        this.settings = settings;
        this.lockTimeout = lockTimeout;
        this.statementTimeout = statementTimeout;
        this.serverPart = "jdbc:postgresql://" + settings.hosts().stream()
                .map(HostPort::toString).collect(Collectors.joining(",")) + "/";
        this.baseProperties = baseProperties(settings, lockTimeout, statementTimeout, startupSettings);
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

    public Connection open(String database) throws SQLException {
        String url = serverPart + URLEncoder.encode(database, StandardCharsets.UTF_8);
        Connection connection = DRIVER.connect(url, baseProperties);
        if (connection == null) {
            throw new SQLException("pgjdbc did not accept the URL for database " + database, "08001");
        }
        return connection;
    }

    public Connection openMaintenance() throws SQLException {
        return open(settings.maintenanceDatabase());
    }

    private static Properties baseProperties(ConnectionSettings s, Duration lockTimeout, Duration statementTimeout,
                                             List<String> startupSettings) {
        Properties props = new Properties();
        props.putAll(s.driverProperties());
        props.setProperty("user", s.user());
        if (s.password() != null) {
            props.setProperty("password", s.password().reveal());
        }
        props.putIfAbsent("ApplicationName", "extguard");
        props.putIfAbsent("connectTimeout", "10");
        // pgjdbc sends application_name in the startup packet only when told the server is 9.0 or
        // newer; otherwise it runs SET application_name as the session's first statement, which
        // loads TimescaleDB's old library (see recipe/TimescaleDbRecipe) and costs a round trip.
        props.putIfAbsent("assumeMinServerVersion", "9.0");
        // Set as startup options, so every session is bounded before its first statement and
        // without an extra round trip per database.
        String timeouts = "-c lock_timeout=" + lockTimeout.toMillis()
                + " -c statement_timeout=" + statementTimeout.toMillis()
                + startupSettings.stream().map(word -> " " + word).collect(Collectors.joining());
        String userOptions = s.driverProperties().get("options");
        props.setProperty("options", userOptions == null ? timeouts : userOptions + " " + timeouts);
        return props;
    }
}
