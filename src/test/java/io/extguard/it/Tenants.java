package io.extguard.it;

import io.extguard.testsupport.PgServer;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Tenant databases for the end-to-end tests, including names chosen to break naive SQL and logs. */
final class Tenants {
    /** Names a careless tool would mangle: quotes, spaces, ';', '%', '_', unicode, backslash, newline, 63 bytes. */
    static final List<String> HOSTILE = List.of(
            "tenant \"quoted\" name",
            "tenant'; DROP DATABASE postgres; --",
            "ténant_ü_%_ß",
            "tenant\\back\\slash",
            "tenant\nnewline",
            "t".repeat(63));

    private Tenants() {
    }

    static List<String> plain(int count) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            names.add(String.format("tenant_%02d", i));
        }
        return names;
    }

    static void create(PgServer server, List<String> names, String... sqlInEach) throws SQLException {
        for (String name : names) {
            server.createDatabase(name);
            server.execute(name, sqlInEach);
        }
    }

    /**
     * What a launch printed, logs included. extguard logs to stderr, but the in-JVM launcher
     * captures Quarkus's console log with stdout, so assertions on log lines look at both.
     */
    static String logs(io.quarkus.test.junit.main.LaunchResult result) {
        return result.getOutput() + "\n" + result.getErrorOutput();
    }

    static String url(PgServer server) {
        return "postgresql://" + server.superuser() + "@" + server.host() + ":" + server.port() + "/postgres";
    }
}
