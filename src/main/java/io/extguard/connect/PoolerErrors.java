package io.extguard.connect;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * PgBouncer's own refusals. PgBouncer answers every error of its own with SQLSTATE 08P01
 * (protocol violation), the class PostgreSQL uses for lost connections, so only the message tells
 * a wrong password from a pooler that is not up yet. The texts are PgBouncer's, from its
 * src/client.c (login and startup-packet handling: disconnect_client and send_pooler_error calls),
 * checked against the strings of Debian's pgbouncer 1.18 binary.
 */
final class PoolerErrors {
    /** Wrong or unknown credentials: PgBouncer checked them itself (auth_file, auth_query). */
    private static final List<String> AUTHENTICATION = List.of(
            "sasl authentication failed",
            "password authentication failed",
            "scram authentication failed",
            "\"trust\" authentication failed",
            "certificate authentication failed",
            "pam authentication failed",
            "no such user");

    private PoolerErrors() {
    }

    /** PgBouncer rejected the user or password: waiting won't help. */
    public static boolean isAuthentication(SQLException e) {
        String message = poolerMessage(e);
        return message != null && AUTHENTICATION.stream().anyMatch(message::contains);
    }

    /** PgBouncer has no entry for the database ({@code no such database: x}): waiting won't help. */
    public static boolean isUnknownDatabase(SQLException e) {
        String message = poolerMessage(e);
        return message != null && message.contains("no such database");
    }

    /** PgBouncer refused a startup parameter ({@code unsupported startup parameter: options}). */
    public static boolean isUnsupportedStartupParameter(SQLException e) {
        String message = poolerMessage(e);
        return message != null && message.contains("unsupported startup parameter");
    }

    /** The refusal is about the {@code options} parameter, which PgBouncer lets through only when told to ignore it. */
    public static boolean rejectsOptions(SQLException e) {
        String message = poolerMessage(e);
        return message != null && message.contains("unsupported startup parameter: options");
    }

    private static String poolerMessage(SQLException e) {
        if (!SqlStates.PROTOCOL_VIOLATION.equals(e.getSQLState()) || e.getMessage() == null) {
            return null;
        }
        return e.getMessage().toLowerCase(Locale.ROOT);
    }
}
