package io.extguard.testsupport;

import io.extguard.connect.ConnectionSettings;
import io.extguard.connect.ConnectionSettingsResolver;
import java.util.Map;

/** How the tests reach a {@link PgServer}: its URL as an operator writes it, and the settings extguard makes of it. */
public final class Connections {
    private Connections() {
    }

    /** libpq URI of the maintenance database, as the first server's superuser; several servers make a multi-host URI. */
    public static String url(PgServer... servers) {
        StringBuilder hosts = new StringBuilder();
        for (PgServer server : servers) {
            hosts.append(hosts.isEmpty() ? "" : ",").append(server.host()).append(":").append(server.port());
        }
        return "postgresql://" + servers[0].superuser() + "@" + hosts + "/postgres";
    }

    /** The settings extguard resolves from the URL, with no environment and no password file. */
    public static ConnectionSettings settings(String url) {
        return new ConnectionSettingsResolver(Map.of()).resolve(url, null);
    }

    public static ConnectionSettings settings(PgServer... servers) {
        return settings(url(servers));
    }
}
