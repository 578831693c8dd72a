package io.extguard.connect;

import java.net.UnknownHostException;
import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** One-line descriptions of database errors, with the SQLSTATE an operator can look up. */
public final class SqlErrors {
    private SqlErrors() {
    }

    public static String describe(SQLException e) {
        String state = e.getSQLState() == null ? "" : " [" + e.getSQLState() + "]";
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            StringBuilder out = new StringBuilder(oneLine(m.getMessage())).append(state);
            if (m.getDetail() != null) {
                out.append("; DETAIL: ").append(oneLine(m.getDetail()));
            }
            if (m.getHint() != null) {
                out.append("; HINT: ").append(oneLine(m.getHint()));
            }
            return out.toString();
        }
        UnknownHostException unknownHost = cause(e, UnknownHostException.class);
        if (unknownHost != null) {
            // pgjdbc says only "The connection attempt failed." when DNS has no address for the host.
            return "unknown host " + unknownHost.getMessage() + " (DNS has no address for it)" + state;
        }
        return oneLine(String.valueOf(e.getMessage())) + state;
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    public static String state(SQLException e) {
        return e.getSQLState() == null ? "" : e.getSQLState();
    }

    /** Lock timeouts, serialization failures, deadlocks, lost or refused connections: worth another try. */
    public static boolean isTransient(SQLException e) {
        return SqlStates.classify(e).isTransient();
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replace('\n', ' ').replace('\r', ' ').strip();
    }
}
