package io.extguard.model;

import io.extguard.util.Names;
import java.util.List;

/**
 * Everything extguard learnt and did in one database. {@code node} names the other server
 * of a cluster ({@code host:port} as the cluster knows it) when the database lives on one; null means the server
 * extguard was pointed at.
 */
public record DatabaseReport(
        String database,
        DatabaseStatus status,
        List<PlanEntry> plan,
        List<UpdateOutcome> outcomes,
        String error,
        int attempts,
        long durationMillis,
        List<String> probeFailures,
        String node) {

    public DatabaseReport {
        plan = List.copyOf(plan);
        outcomes = List.copyOf(outcomes);
        probeFailures = List.copyOf(probeFailures);
    }

    public DatabaseReport(String database, DatabaseStatus status, List<PlanEntry> plan, List<UpdateOutcome> outcomes,
                          String error, int attempts, long durationMillis) {
        this(database, status, plan, outcomes, error, attempts, durationMillis, List.of(), null);
    }

    /** The database's name for people: {@code tenant@worker-2:5432} on a worker, the bare name otherwise. */
    public String where() {
        return node == null ? Names.display(database) : Names.display(database) + "@" + Names.display(node);
    }

    public boolean changed(String extension) {
        return outcomes.stream().anyMatch(o -> o.extension().equals(extension) && o.succeeded());
    }
}
