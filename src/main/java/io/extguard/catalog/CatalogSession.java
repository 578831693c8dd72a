package io.extguard.catalog;

import io.extguard.connect.Connector;
import io.extguard.connect.SqlStates;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One connection to the maintenance database, shared by the whole run for the server-wide
 * catalog questions. It reconnects once if the server dropped it, for example after a restart.
 */
public final class CatalogSession implements AutoCloseable {
    private final Connector connector;
    private Connection connection;

    public CatalogSession(Connector connector, Connection initial) {
        this.connector = connector;
        this.connection = initial;
    }

    public Connection connection() {
        return connection;
    }

    public synchronized <T> T query(SqlFunction<T> work) throws SQLException {
        try {
            return work.apply(current());
        } catch (SQLException e) {
            if (!connectionLost(e)) {
                throw e;
            }
            closeQuietly();
            return work.apply(current());
        }
    }

    /** For callers behind interfaces that cannot throw {@link SQLException}. */
    public <T> T queryUnchecked(SqlFunction<T> work) {
        try {
            return query(work);
        } catch (SQLException e) {
            throw new CatalogException(e);
        }
    }

    private Connection current() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = connector.openMaintenance();
        }
        return connection;
    }

    private static boolean connectionLost(SQLException e) {
        return SqlStates.classify(e).needsNewConnection();
    }

    private void closeQuietly() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // The connection is already broken; closing it is best effort.
        }
        connection = null;
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }

    @FunctionalInterface
    public interface SqlFunction<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** A catalog read that failed; carries the {@link SQLException} so callers can classify it. */
    public static final class CatalogException extends RuntimeException {
        public CatalogException(SQLException cause) {
            super(cause.getMessage(), cause);
        }

        public SQLException sqlException() {
            return (SQLException) getCause();
        }
    }
}
