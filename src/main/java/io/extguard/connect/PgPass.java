package io.extguard.connect;

import java.nio.file.Path;
import java.util.Map;

/**
 * libpq's password file. pgjdbc reads it itself (org.postgresql.jdbcurlresolver.PgPassParser, from
 * Driver.parseURL) when no password is given, per host, port, database and user, in libpq's format;
 * extguard only names it in messages.
 */
final class PgPass {
    private PgPass() {
    }

    /** {@code PGPASSFILE}, else {@code ~/.pgpass}, as libpq looks for it. */
    static String location(Map<String, String> env) {
        String explicit = env.get("PGPASSFILE");
        if (explicit != null && !explicit.isEmpty()) {
            return explicit + " (PGPASSFILE)";
        }
        return Path.of(System.getProperty("user.home", "~"), ".pgpass").toString();
    }
}
