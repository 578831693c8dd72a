package io.extguard.it;

import io.extguard.testsupport.PgServer;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Tenant databases for the end-to-end tests (names chosen to break naive SQL are in faults/HostileFleet). */
final class Tenants {
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
}
