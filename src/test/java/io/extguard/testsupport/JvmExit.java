package io.extguard.testsupport;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stops servers that tests left running and removes this JVM's fixture files when the JVM exits.
 *
 * <p>One hook does both, in order: the JVM runs separate hooks concurrently, and files should
 * only go once their servers are down. A postmaster does not die with the JVM, so without this
 * every forgotten {@code close()} would leave a PostgreSQL server running.
 */
final class JvmExit {

    private static final Set<PgServer> RUNNING = ConcurrentHashMap.newKeySet();
    private static boolean registered;

    private JvmExit() {
    }

    static synchronized void register() {
        if (!registered) {
            Runtime.getRuntime().addShutdownHook(new Thread(JvmExit::run, "extguard-pg-fixture-exit"));
            registered = true;
        }
    }

    static void running(PgServer server) {
        register();
        RUNNING.add(server);
    }

    static void stopped(PgServer server) {
        RUNNING.remove(server);
    }

    private static void run() {
        for (PgServer server : RUNNING) {
            server.stopImmediately();
        }
        FixtureDirs.cleanUpThisRun();
    }
}
