package io.extguard.connect;

import io.extguard.error.ExtguardException;
import java.util.Map;

/**
 * libpq's {@code target_session_attrs} in pgjdbc's terms ({@code targetServerType}). Hosts are
 * tried in the order given, as libpq tries them (fe-connect.c, connectDBStart/PQconnectPoll), so
 * one URL picks the same server for psql and for extguard.
 */
final class TargetSessionAttrs {
    private static final Map<String, String> TO_PGJDBC = Map.of(
            "any", "any",
            "read-write", "primary",
            "primary", "primary",
            "read-only", "secondary",
            "standby", "secondary",
            "prefer-standby", "preferSecondary");

    private TargetSessionAttrs() {
    }

    static String pgjdbcValue(String value, String url) {
        String mapped = TO_PGJDBC.get(value);
        if (mapped == null) {
            throw ExtguardException.usage("The connection URL " + Redaction.redactUrl(url) + " sets target_session_attrs='"
                    + value + "', which is not one of any, read-write, read-only, primary, standby, prefer-standby.");
        }
        return mapped;
    }
}
