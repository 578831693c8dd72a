import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The floor of any tool that must visit every database: one fresh connection per database, a
 * fixed pool of the same concurrency as extguard, and nothing but the work itself.
 *
 *   java -cp pgjdbc.jar:classes Floor check  HOST PORT CONCURRENCY
 *   java -cp pgjdbc.jar:classes Floor update HOST PORT CONCURRENCY PREFIX
 *   java -cp pgjdbc.jar:classes Floor start  HOST PORT CONCURRENCY
 *
 * Both list the databases from pg_database as extguard does. check runs one catalog query per
 * database. update runs only the ALTER EXTENSION statements, in one round trip, in the databases
 * whose name starts with PREFIX (the benchmark knows where the drift is; a real tool has to read
 * pg_extension first); the others get the check query, because every database must be visited.
 * start lists the databases and visits none: the fixed cost (JVM start, driver, one connection).
 */
public final class Floor {
    static final String CHECK = "SELECT extname, extversion FROM pg_catalog.pg_extension";
    static final String UPDATE = "ALTER EXTENSION hstore UPDATE; ALTER EXTENSION pg_trgm UPDATE";

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String base = "jdbc:postgresql://" + args[1] + ":" + args[2] + "/";
        int concurrency = Integer.parseInt(args[3]);
        String prefix = mode.equals("update") ? args[4] : null;
        Properties props = new Properties();
        props.setProperty("user", "postgres");

        List<String> databases = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(base + "postgres", props);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT datname FROM pg_catalog.pg_database WHERE datallowconn ORDER BY datname")) {
            while (rs.next()) {
                databases.add(rs.getString(1));
            }
        }

        if (mode.equals("start")) {
            System.out.println("start: " + databases.size() + " databases listed, none visited");
            return;
        }
        AtomicInteger rows = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> visits = new ArrayList<>();
        for (String db : databases) {
            visits.add(pool.submit(() -> {
                try (Connection c = DriverManager.getConnection(base + db, props); Statement st = c.createStatement()) {
                    if (prefix != null && db.startsWith(prefix)) {
                        st.execute(UPDATE);
                    } else {
                        try (ResultSet rs = st.executeQuery(CHECK)) {
                            while (rs.next()) {
                                rows.incrementAndGet();
                            }
                        }
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : visits) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println(mode + " floor: " + databases.size() + " databases, " + rows.get() + " pg_extension rows read");
    }
}
