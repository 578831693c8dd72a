package io.extguard.recipe;

import io.extguard.model.Action;
import io.extguard.model.PlanEntry;
import io.extguard.connect.SqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

/**
 * TimescaleDB: its session must not load the old library before the update.
 *
 * <p>The rules come from TimescaleDB's loader, src/loader/loader.c (and src/extension_utils.c) in
 * github.com/timescale/timescaledb. The loader {@code timescaledb.so} is preloaded; its
 * post_parse_analyze_hook runs after every statement is parsed (SELECT, SET, SHOW, BEGIN, a read of
 * pg_extension) and, in a database where the extension is installed, loads the versioned library
 * {@code $libdir/timescaledb-<pg_extension.extversion>} ({@code do_load()}). Once a library is
 * loaded, {@code ALTER EXTENSION timescaledb UPDATE} fails with 0A000 "cannot be updated after the
 * old version has already been loaded" ({@code should_load_on_alter_extension()}). When the image
 * no longer ships the old library, that first statement fails with 58P01 "could not access file"
 * instead; the version is recorded before the load, so "a failed load still counts as loaded".
 *
 * <p>Of the two ways through that loader.c leaves open, extguard takes the GUC
 * {@code timescaledb.disable_load}, "a safety-valve variable to prevent loading the full
 * extension": {@code post_analyze_hook} skips the whole check, the load and the 0A000 refusal alike,
 * while it is on ({@code if (!disable_load && ...) extension_check(ext)}). Sent as
 * {@code -c timescaledb.disable_load=on} in the startup packet, it is on before the session's first
 * statement, so the session may read the catalog, begin the database's transaction, take the
 * advisory lock on itself, plan again under the lock and update timescaledb together with the
 * database's other extensions, all or nothing, exactly as for any other extension. The other way,
 * {@code ALTER EXTENSION} as the very first statement with the lock held on a second connection,
 * would split the database's update over two transactions and need a second session per database.
 * On servers or databases without TimescaleDB the setting is an unused placeholder and changes
 * nothing.
 *
 * <p>{@code check} reads the catalog the same way, then makes the loader load the installed
 * version's library, once, on its own session: {@code SET timescaledb.disable_load = off} (exempt
 * from loading, {@code should_load_on_variable_set()}), then one statement. A 58P01 there means the
 * image no longer ships that library: every application session in the database fails its first
 * statement until preflight updates the catalog.
 */
final class TimescaleDbRecipe implements Recipe {
    static final String EXTENSION = "timescaledb";
    private static final String DISABLE_LOAD = "timescaledb.disable_load";
    private static final String UNDEFINED_FILE = "58P01";

    @Override
    public Set<String> extensions() {
        return Set.of(EXTENSION);
    }

    @Override
    public List<String> sessionSettings() {
        return List.of("-c " + DISABLE_LOAD + "=on");
    }

    @Override
    public PlanEntry inspect(Connection connection, PlanEntry entry) throws SQLException {
        if (loads(connection)) {
            return entry;
        }
        String library = EXTENSION + "-" + entry.installed();
        if (entry.action() == Action.UPDATE) {
            return new PlanEntry(entry.database(), entry.extension(), entry.installed(), entry.target(), entry.action(),
                    "the image no longer ships " + library + "; preflight updates the catalog to " + entry.target());
        }
        if (entry.action() == Action.NONE) {
            return new PlanEntry(entry.database(), entry.extension(), entry.installed(), entry.target(), Action.ERROR,
                    "the image does not ship " + library + ", the library of the installed version; every session in "
                            + "this database fails its first statement until the image provides it");
        }
        return entry;
    }

    /** Whether the loader can load the installed version's library in this session. */
    private static boolean loads(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("SET " + DISABLE_LOAD + " = off");
            try {
                st.execute("SELECT 1");
                return true;
            } catch (SQLException e) {
                if (SqlErrors.state(e).equals(UNDEFINED_FILE)) {
                    return false;
                }
                throw e;
            } finally {
                st.execute("SET " + DISABLE_LOAD + " = on");
            }
        }
    }
}
