package io.extguard.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A "Citus cluster" of real PostgreSQL servers running the {@code citus} stand-in
 * (src/test/c/citus_stand_in; citus_stand_in.c there says what it imitates of Citus and what not):
 * a coordinator and N workers, each a separate {@link PgServer} with its own {@link PgInstall}
 * copy, so that images can be swapped per node, all with
 * {@link CitusVersion#SHARED_PRELOAD_LIBRARIES}.
 *
 * <p>Nodes are numbered as Citus numbers groups: node 0 is the coordinator (group 0), nodes
 * 1..N are the workers (group i). In pg_dist_node they appear under names that do not resolve
 * ({@link #coordinatorNodeName()}, {@link #workerNodeName(int)}, ending in the reserved
 * {@code .invalid}), so anything that connects to them must map names to real addresses
 * ({@link #nodeAddresses()}).
 *
 * <pre>{@code
 * try (CitusCluster cluster = CitusCluster.start(2, CitusVersion.V12_1)) {
 *     cluster.createTenant("app", "hstore");
 *     cluster.upgradeImage(CitusVersion.V13_0);   // citus_version() now fails with XX000 everywhere
 *     ...
 * }
 * }</pre>
 *
 * <p>Not thread-safe; one test drives it.
 */
public final class CitusCluster implements AutoCloseable {

    /** Suffix of the node names: the reserved top-level domain that never resolves (RFC 2606). */
    public static final String NODE_NAME_SUFFIX = ".invalid";

    private final String name;
    private final boolean metadataSyncedToWorkers;
    private final List<Node> nodes;
    private final List<String> tenants = new ArrayList<>();

    /** One node: its installation copy, its server and the stand-in image installed in the copy. */
    private static final class Node {
        final PgInstall install;
        final PgServer server;
        CitusVersion image;

        Node(PgInstall install, PgServer server, CitusVersion image) {
            this.install = install;
            this.server = server;
            this.image = image;
        }
    }

    /** Options of a cluster; {@link #start()} starts it. */
    public static final class Builder {
        private String name = "citus";
        private int workers = 2;
        private CitusVersion version = CitusVersion.V12_1;
        private String password;
        private boolean metadataSyncedToWorkers = true;
        private final List<String> config = new ArrayList<>();

        private Builder() {
        }

        /** Names the nodes' directories ("<name>-coordinator", "<name>-worker-1", ...); default "citus". */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Number of workers (groups 1..n); default 2. Zero gives a coordinator alone. */
        public Builder workers(int workers) {
            if (workers < 0) {
                throw new IllegalArgumentException("workers must not be negative");
            }
            this.workers = workers;
            return this;
        }

        /** The stand-in image every node starts with; default 12.1. */
        public Builder version(CitusVersion version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /** The superuser's password on every node (see {@link PgServer.Builder#password}); default none. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** Extra postgresql.conf lines for every node, after shared_preload_libraries. */
        public Builder config(String... lines) {
            config.addAll(List.of(lines));
            return this;
        }

        /**
         * Whether {@link CitusCluster#createTenant} also fills the workers' pg_dist_node, as Citus
         * 11+ does by syncing metadata to every node (hasmetadata); default true. With false,
         * workers' pg_dist_node stays empty, as in older Citus.
         */
        public Builder metadataSyncedToWorkers(boolean synced) {
            this.metadataSyncedToWorkers = synced;
            return this;
        }

        /** Creates and starts every node (a few seconds per node). */
        public CitusCluster start() {
            return new CitusCluster(this);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A cluster named "citus" with {@code workers} workers, every node on {@code version}. */
    public static CitusCluster start(int workers, CitusVersion version) {
        return builder().workers(workers).version(version).start();
    }

    private CitusCluster(Builder builder) {
        this.name = builder.name;
        this.metadataSyncedToWorkers = builder.metadataSyncedToWorkers;
        // one after the other: on a small, shared machine starting them concurrently was not faster
        List<Node> started = new ArrayList<>();
        try {
            for (int node = 0; node <= builder.workers; node++) {
                started.add(startNode(builder, node == 0 ? "coordinator" : "worker-" + node));
            }
        } catch (RuntimeException e) {
            closeAll(started, e);
            throw e;
        }
        this.nodes = List.copyOf(started);
    }

    private static Node startNode(Builder builder, String role) {
        String nodeName = builder.name + "-" + role;
        PgInstall install = PgInstall.create(nodeName);
        try {
            install.installCitusStandIn(builder.version);
            PgServer server = PgServer.builder(install)
                    .name(nodeName)
                    .password(builder.password)
                    .config(CitusVersion.SHARED_PRELOAD_LIBRARIES)
                    .config(builder.config.toArray(String[]::new))
                    .start();
            return new Node(install, server, builder.version);
        } catch (RuntimeException e) {
            install.close();
            throw e;
        }
    }

    // ---------------------------------------------------------------- nodes

    public PgServer coordinator() {
        return nodes.get(0).server;
    }

    /** Worker {@code group} (1..{@link #workerCount()}). */
    public PgServer worker(int group) {
        return nodes.get(requireWorker(group)).server;
    }

    /** Node {@code node}: 0 is the coordinator, 1..N the workers. */
    public PgServer node(int node) {
        return nodes.get(requireNode(node)).server;
    }

    /** All servers, coordinator first, then workers 1..N. */
    public List<PgServer> nodes() {
        return nodes.stream().map(node -> node.server).toList();
    }

    public int workerCount() {
        return nodes.size() - 1;
    }

    /**
     * The stand-in image last installed on node {@code node} (0 = coordinator) by the cluster
     * (start, {@link #upgradeNode}, {@link #upgradeImage}); not by direct calls of
     * {@link PgInstall#installCitusStandIn} on {@code node(n).install()}.
     */
    public CitusVersion image(int node) {
        return nodes.get(requireNode(node)).image;
    }

    /** The coordinator's nodename in pg_dist_node: {@code coordinator.invalid}. */
    public String coordinatorNodeName() {
        return "coordinator" + NODE_NAME_SUFFIX;
    }

    /** Worker {@code group}'s nodename in pg_dist_node: {@code worker-<group>.invalid}. */
    public String workerNodeName(int group) {
        requireWorker(group);
        return "worker-" + group + NODE_NAME_SUFFIX;
    }

    /** pg_dist_node's nodename of node {@code node} (0 = coordinator). */
    public String nodeName(int node) {
        return requireNode(node) == 0 ? coordinatorNodeName() : workerNodeName(node);
    }

    /**
     * pg_dist_node's nodename to the node's real address ("127.0.0.1:PORT"), coordinator first,
     * then workers 1..N (iteration order). Ports stay the same across stop/start and restarts.
     */
    public Map<String, String> nodeAddresses() {
        Map<String, String> addresses = new LinkedHashMap<>();
        for (int node = 0; node < nodes.size(); node++) {
            PgServer server = nodes.get(node).server;
            addresses.put(nodeName(node), server.host() + ":" + server.port());
        }
        return Collections.unmodifiableMap(addresses);
    }

    /** Databases made by {@link #createTenant} and not dropped since, in creation order. */
    public List<String> tenants() {
        return List.copyOf(tenants);
    }

    // ---------------------------------------------------------------- tenants

    /**
     * Sets up {@code database} as Citus would have it on every node, all of which must be running:
     * creates the database where it does not exist yet ("postgres" works too), then in it
     * CREATE EXTENSION citus and the given further extensions (as if created on the coordinator
     * and propagated), makes each worker a worker (pg_dist_local_group.groupid = its group) and
     * fills pg_dist_node: on the coordinator, and on the workers too unless
     * {@link Builder#metadataSyncedToWorkers(boolean) metadataSyncedToWorkers(false)}.
     *
     * <p>pg_dist_node rows: nodeid = node + 1, groupid = node (0 = coordinator), nodename
     * {@link #nodeName(int)}, nodeport the node's real port, hasmetadata true, defaults otherwise.
     */
    public void createTenant(String database, String... extensions) throws SQLException {
        for (Node node : nodes) {
            if (!databaseExists(node.server, database)) {
                node.server.createDatabase(database);
            }
            List<String> statements = new ArrayList<>(List.of("CREATE EXTENSION citus"));
            for (String extension : extensions) {
                statements.add("CREATE EXTENSION IF NOT EXISTS " + Sql.ident(extension));
            }
            node.server.execute(database, statements.toArray(String[]::new));
        }
        String nodeRows = pgDistNodeRows();
        for (int node = 0; node < nodes.size(); node++) {
            List<String> statements = new ArrayList<>();
            if (node > 0) {
                statements.add("UPDATE pg_catalog.pg_dist_local_group SET groupid = " + node);
            }
            if (node == 0 || metadataSyncedToWorkers) {
                statements.add(nodeRows);
            }
            nodes.get(node).server.execute(database, statements.toArray(String[]::new));
        }
        if (!tenants.contains(database)) {
            tenants.add(database);
        }
    }

    /** Drops the database on every node (WITH (FORCE)); nodes must be running. */
    public void dropTenant(String database) throws SQLException {
        for (Node node : nodes) {
            node.server.dropDatabase(database);
        }
        tenants.remove(database);
    }

    /**
     * Runs the statements on every worker the way Citus sends propagated DDL to workers: in one
     * session, after {@code SET citus.enable_ddl_propagation TO off}, which lifts the stand-in's
     * refusal of extension DDL on workers. The stand-in itself never propagates; a test that
     * needs the outcome of Citus's propagation of, say, ALTER EXTENSION hstore UPDATE on the
     * coordinator calls this. A stopped worker makes it fail, as it would make Citus fail.
     */
    public void propagateToWorkers(String database, String... sql) throws SQLException {
        for (int group = 1; group <= workerCount(); group++) {
            try (Connection connection = worker(group).connect(database);
                    Statement statement = connection.createStatement()) {
                statement.execute("SET citus.enable_ddl_propagation TO off");
                for (String each : sql) {
                    statement.execute(each);
                }
            }
        }
    }

    // ---------------------------------------------------------------- images and lifecycle

    /**
     * Installs the image on every node and restarts the running ones, as a rolling package or
     * image upgrade would (coordinator first). Stopped workers get the files and load them when
     * started. Installed extension versions are not touched: afterwards every database with an
     * older citus fails the version check until ALTER EXTENSION citus UPDATE runs there.
     */
    public void upgradeImage(CitusVersion version) {
        for (int node = 0; node < nodes.size(); node++) {
            upgradeNode(node, version);
        }
    }

    /** {@link #upgradeImage} for node {@code node} only (0 = coordinator, 1..N = workers). */
    public void upgradeNode(int node, CitusVersion version) {
        Node target = nodes.get(requireNode(node));
        target.install.installCitusStandIn(version);
        target.image = version;
        if (target.server.isRunning()) {
            target.server.restart();
        }
    }

    /** Stops worker {@code group} (fast shutdown); its data stays. */
    public void stopWorker(int group) {
        worker(group).stop();
    }

    /** Starts worker {@code group} again, on the same port. */
    public void startWorker(int group) {
        worker(group).start();
    }

    /** Stops every node and deletes its data and installation copy. */
    @Override
    public void close() {
        RuntimeException failure = closeAll(nodes, null);
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "CitusCluster[" + name + ", " + nodeAddresses() + "]";
    }

    // ---------------------------------------------------------------- helpers

    private String pgDistNodeRows() {
        StringBuilder sql = new StringBuilder("INSERT INTO pg_catalog.pg_dist_node"
                + " (nodeid, groupid, nodename, nodeport, hasmetadata) VALUES ");
        for (int node = 0; node < nodes.size(); node++) {
            if (node > 0) {
                sql.append(", ");
            }
            sql.append('(').append(node + 1).append(", ").append(node).append(", ")
                    .append(Sql.literal(nodeName(node))).append(", ").append(nodes.get(node).server.port())
                    .append(", true)");
        }
        return sql.toString();
    }

    private static boolean databaseExists(PgServer server, String database) throws SQLException {
        return "t".equals(server.queryString(PgServer.ADMIN_DATABASE,
                "SELECT EXISTS (SELECT FROM pg_catalog.pg_database WHERE datname = " + Sql.literal(database) + ")"));
    }

    private int requireWorker(int group) {
        if (group < 1 || group > workerCount()) {
            throw new IllegalArgumentException("No worker " + group + "; workers are 1.." + workerCount());
        }
        return group;
    }

    private int requireNode(int node) {
        if (node < 0 || node >= nodes.size()) {
            throw new IllegalArgumentException("No node " + node + "; nodes are 0 (coordinator).." + workerCount());
        }
        return node;
    }

    /** Closes servers, then installation copies; returns the first failure with the rest suppressed. */
    private static RuntimeException closeAll(List<Node> nodes, RuntimeException earlier) {
        RuntimeException failure = earlier;
        for (Node node : nodes) {
            failure = attempt(node.server::close, failure);
            failure = attempt(node.install::close, failure);
        }
        return earlier == null ? failure : null;
    }

    private static RuntimeException attempt(Runnable action, RuntimeException failure) {
        try {
            action.run();
            return failure;
        } catch (RuntimeException e) {
            if (failure == null) {
                return e;
            }
            failure.addSuppressed(e);
            return failure;
        }
    }
}
