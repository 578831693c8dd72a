package io.extguard.connect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one way extguard runs a query: statement and result set are always closed, and parameters
 * are always bound, never spliced into the text. A query without parameters goes as a plain
 * statement, as before: pgjdbc never prepares those on the server, so they pass PgBouncer in
 * transaction mode however often they run.
 */
public final class Query {
    private Query() {
    }

    /** Reads one row; the result set is positioned on it. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** Takes one row in, for reads that fill several collections at once. */
    @FunctionalInterface
    public interface RowConsumer {
        void accept(ResultSet row) throws SQLException;
    }

    /** Every row, mapped, in the order the server sent them. */
    public static <T> List<T> list(Connection connection, String sql, Row<T> row, String... parameters)
            throws SQLException {
        List<T> out = new ArrayList<>();
        forEach(connection, sql, r -> out.add(row.map(r)), parameters);
        return out;
    }

    /** The first row, or empty when there is none. */
    public static <T> Optional<T> first(Connection connection, String sql, Row<T> row, String... parameters)
            throws SQLException {
        try (Statement statement = statement(connection, sql, parameters); ResultSet rs = results(statement, sql)) {
            return rs.next() ? Optional.of(row.map(rs)) : Optional.empty();
        }
    }

    /** The first row of a query that always returns one, such as {@code SELECT f()}. */
    public static <T> T one(Connection connection, String sql, Row<T> row, String... parameters) throws SQLException {
        return first(connection, sql, row, parameters)
                .orElseThrow(() -> new SQLException("The query returned no row: " + sql));
    }

    /** Hands each row to {@code consumer}. */
    public static void forEach(Connection connection, String sql, RowConsumer consumer, String... parameters)
            throws SQLException {
        try (Statement statement = statement(connection, sql, parameters); ResultSet rs = results(statement, sql)) {
            while (rs.next()) {
                consumer.accept(rs);
            }
        }
    }

    /**
     * Runs {@code leading} (statements whose results are not needed, such as {@code SET LOCAL} and
     * taking a lock) and then {@code sql} in one round trip, and hands each row of {@code sql}'s
     * result to {@code consumer}. pgjdbc sends the statements together and stops at the first error.
     */
    public static void forEachAfter(Connection connection, String leading, String sql, RowConsumer consumer)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
            boolean resultSet = statement.execute(leading + ";\n" + sql);
            ResultSet last = null;
            while (resultSet || statement.getUpdateCount() != -1) {
                if (resultSet) {
                    if (last != null) {
                        last.close();
                    }
                    last = statement.getResultSet();
                }
                resultSet = statement.getMoreResults(Statement.KEEP_CURRENT_RESULT);
            }
            if (last == null) {
                throw new SQLException("The statements returned no result: " + sql);
            }
            try (ResultSet rs = last) {
                while (rs.next()) {
                    consumer.accept(rs);
                }
            }
        }
    }

    private static Statement statement(Connection connection, String sql, String... parameters) throws SQLException {
        if (parameters.length == 0) {
            return connection.createStatement();
        }
        PreparedStatement prepared = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                prepared.setString(i + 1, parameters[i]);
            }
        } catch (SQLException e) {
            prepared.close();
            throw e;
        }
        return prepared;
    }

    private static ResultSet results(Statement statement, String sql) throws SQLException {
        return statement instanceof PreparedStatement prepared ? prepared.executeQuery() : statement.executeQuery(sql);
    }
}
