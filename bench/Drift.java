import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Benchmark set-up, never timed: puts hstore back at 1.4 and pg_trgm at 1.3 in every database
 * whose name starts with PREFIX (DROP EXTENSION, then CREATE EXTENSION ... VERSION old: versions
 * cannot go down), and first counts how many were at the library's versions, so the benchmark
 * can tell whether the command before it really updated every database.
 *
 *   java -cp pgjdbc.jar:classes Drift HOST PORT CONCURRENCY PREFIX [vacuum]
 *
 * With "vacuum" it also runs VACUUM in each of those databases: every reset leaves the dropped
 * extensions' catalog rows dead (pg_proc, pg_depend, ...), and the benchmark server runs without
 * autovacuum, so bench/run vacuums once each time it starts a cached server, which keeps the
 * catalogs, and the data directory, from growing run after run.
 *
 * Prints "databases=N updated=U old=O other=X": before the reset, U databases had hstore 1.8
 * and pg_trgm 1.6, O had 1.4 and 1.3.
 */
public final class Drift {
    static final String VERSIONS = "SELECT coalesce(string_agg(extname || '=' || extversion, ',' ORDER BY extname), '')"
            + " FROM pg_catalog.pg_extension WHERE extname IN ('hstore', 'pg_trgm')";
    static final String RESET = "DROP EXTENSION IF EXISTS hstore, pg_trgm;"
            + " CREATE EXTENSION hstore VERSION '1.4'; CREATE EXTENSION pg_trgm VERSION '1.3'";

    public static void main(String[] args) throws Exception {
        String base = "jdbc:postgresql://" + args[0] + ":" + args[1] + "/";
        int concurrency = Integer.parseInt(args[2]);
        String prefix = args[3];
        boolean vacuum = args.length > 4 && args[4].equals("vacuum");
        Properties props = new Properties();
        props.setProperty("user", "postgres");

        List<String> databases = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(base + "postgres", props);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT datname FROM pg_catalog.pg_database WHERE datallowconn ORDER BY datname")) {
            while (rs.next()) {
                if (rs.getString(1).startsWith(prefix)) {
                    databases.add(rs.getString(1));
                }
            }
        }

        AtomicInteger updated = new AtomicInteger();
        AtomicInteger old = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> resets = new ArrayList<>();
        for (String db : databases) {
            resets.add(pool.submit(() -> {
                try (Connection c = DriverManager.getConnection(base + db, props); Statement st = c.createStatement()) {
                    String before;
                    try (ResultSet rs = st.executeQuery(VERSIONS)) {
                        rs.next();
                        before = rs.getString(1);
                    }
                    switch (before) {
                        case "hstore=1.8,pg_trgm=1.6" -> updated.incrementAndGet();
                        case "hstore=1.4,pg_trgm=1.3" -> old.incrementAndGet();
                        default -> other.incrementAndGet();
                    }
                    if (!before.equals("hstore=1.4,pg_trgm=1.3")) {
                        st.execute(RESET);
                    }
                    if (vacuum) {
                        st.execute("VACUUM");
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : resets) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println("databases=" + databases.size() + " updated=" + updated + " old=" + old + " other=" + other);
    }
}
