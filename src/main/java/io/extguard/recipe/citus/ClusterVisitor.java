package io.extguard.recipe.citus;

import io.extguard.model.DatabaseReport;
import io.extguard.model.DatabaseStatus;
import io.extguard.apply.DatabaseVisitor;
import io.extguard.connect.Connector;
import io.extguard.connect.Redaction;
import io.extguard.model.PlanEntry;
import io.extguard.connect.SqlErrors;
import io.extguard.recipe.DatabaseVisits;
import io.extguard.recipe.RunContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Visits a database on the server extguard connects to and, where that server is a Citus
 * coordinator for it, on every worker too. Citus does not propagate {@code ALTER EXTENSION citus
 * UPDATE}, so per tenant database: citus on each worker; then, on the coordinator, citus,
 * {@code citus_finish_citus_upgrade()}, and the other extensions. A worker that fails leaves the
 * coordinator untouched, so a re-run converges. Made by {@link CitusRecipe#nodes} where citus is
 * enabled and selected.
 */
final class ClusterVisitor implements DatabaseVisits {
    private final DatabaseVisitor coordinator;
    private final Connector coordinatorConnector;
    private final NodeVisitors nodes;

    ClusterVisitor(RunContext context) {
        this.coordinator = context.server();
        this.coordinatorConnector = context.connector();
        this.nodes = new NodeVisitors(context.connector().settings(), context.settings(), context.nodes(),
                context.visitors());
    }

    @Override
    public List<DatabaseReport> check(String database) {
        DatabaseReport main = coordinator.check(database);
        if (main.plan().stream().noneMatch(e -> e.extension().equals(CitusRecipe.EXTENSION))) {
            return List.of(main);
        }
        List<DatabaseReport> reports = new ArrayList<>(List.of(main));
        try {
            for (WorkerNode worker : workers(database).orElse(List.of())) {
                reports.add(checkWorker(database, worker));
            }
        } catch (SQLException e) {
            reports.add(failed(database, null, "cannot read the Citus cluster's nodes: " + SqlErrors.describe(e)));
        }
        return reports;
    }

    @Override
    public List<DatabaseReport> update(String database) {
        Optional<DatabaseReport> main = coordinator.update(database, CoordinatorSteps.HAND_OFF);
        if (main.isPresent()) {
            return List.of(main.get());
        }
        Optional<List<WorkerNode>> workers;
        try {
            workers = workers(database);
        } catch (SQLException e) {
            return List.of(failed(database, null, "cannot read the Citus cluster's nodes: " + SqlErrors.describe(e)));
        }
        if (workers.isEmpty()) {
            return List.of(coordinator.update(database));
        }
        return updateCluster(database, workers.get());
    }

    private List<DatabaseReport> updateCluster(String database, List<WorkerNode> workers) {
        List<DatabaseReport> reports = new ArrayList<>();
        List<String> failedNodes = new ArrayList<>();
        boolean citusChanged = false;
        for (WorkerNode worker : workers) {
            DatabaseReport report = updateWorker(database, worker);
            reports.add(report);
            if (report.status() == DatabaseStatus.FAILED) {
                failedNodes.add(worker.label());
            }
            citusChanged |= report.changed(CitusRecipe.EXTENSION);
        }
        if (!failedNodes.isEmpty()) {
            reports.add(failed(database, null, "not updated: citus could not be updated on "
                    + String.join(", ", failedNodes) + ", so the coordinator is left unfinished; "
                    + "run preflight again once the node is back"));
            return reports;
        }
        // Last, as it runs: the reports are logged in this order.
        reports.add(coordinator.update(database, new CoordinatorSteps(citusChanged)).orElseThrow());
        return reports;
    }

    private DatabaseReport checkWorker(String database, WorkerNode worker) {
        try {
            return nodes.visitor(worker).check(database);
        } catch (SQLException e) {
            return unreachable(database, worker, e);
        }
    }

    private DatabaseReport updateWorker(String database, WorkerNode worker) {
        try {
            return nodes.visitor(worker).update(database);
        } catch (SQLException e) {
            return unreachable(database, worker, e);
        }
    }

    private DatabaseReport unreachable(String database, WorkerNode worker, SQLException e) {
        return failed(database, worker.label(), "cannot reach Citus node " + worker.label() + ": "
                + Redaction.redact(SqlErrors.describe(e), null)
                + "; if Citus's node name does not resolve here, map it with extguard.citus.node-address."
                + worker.name() + "=host:port");
    }

    private Optional<List<WorkerNode>> workers(String database) throws SQLException {
        // A session of its own: the update session must not have touched Citus's tables before ALTER EXTENSION.
        try (Connection connection = coordinatorConnector.open(database)) {
            return ClusterTopology.workers(connection);
        }
    }

    private static DatabaseReport failed(String database, String node, String why) {
        return new DatabaseReport(database, DatabaseStatus.FAILED, List.<PlanEntry>of(), List.of(), why, 1, 0,
                List.of(), node);
    }

    @Override
    public void close() {
        nodes.close();
    }
}
