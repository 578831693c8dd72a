package io.extguard.apply;

import io.extguard.connect.SqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Statements that make an extension show whether its library and its catalog version agree.
 * Some extensions check on every call of their functions and fail while the two disagree;
 * reading {@code pg_extension} alone cannot see that the loaded library disagrees. The built-in
 * ones come from the recipes (io.extguard.recipe.Recipes#probes); configuration may replace them.
 * Only {@code check} runs them: a preflight session must not touch an extension before updating it.
 */
public final class ActiveProbes {
    private final Map<String, String> statements;

    public ActiveProbes(Map<String, String> statements) {
        this.statements = new TreeMap<>(statements);
    }

    public static ActiveProbes none() {
        return new ActiveProbes(Map.of());
    }

    /** One probe that failed: the extension and the server's error. */
    record Failure(String extension, String error) {
        @Override
        public String toString() {
            return extension + ": " + error;
        }
    }

    /** Runs the probes of the installed extensions. */
    List<Failure> run(Connection connection, Collection<String> installed) throws SQLException {
        List<Failure> failures = new ArrayList<>();
        for (Map.Entry<String, String> probe : statements.entrySet()) {
            if (installed.contains(probe.getKey())) {
                String failure = probe(connection, probe.getValue());
                if (failure != null) {
                    failures.add(new Failure(probe.getKey(), failure));
                }
            }
        }
        return failures;
    }

    private static String probe(Connection connection, String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
            return null;
        } catch (SQLException e) {
            if (SqlErrors.isTransient(e)) {
                throw e;
            }
            return SqlErrors.describe(e);
        }
    }
}
