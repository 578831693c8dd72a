package io.extguard.apply;

import io.extguard.plan.PlanEntry;
import java.util.List;

/** Everything extguard learnt and did in one database. */
public record DatabaseReport(
        String database,
        DatabaseStatus status,
        List<PlanEntry> plan,
        List<UpdateOutcome> outcomes,
        String error,
        int attempts,
        long durationMillis,
        List<String> probeFailures) {

    public DatabaseReport {
        plan = List.copyOf(plan);
        outcomes = List.copyOf(outcomes);
        probeFailures = List.copyOf(probeFailures);
    }

    public DatabaseReport(String database, DatabaseStatus status, List<PlanEntry> plan, List<UpdateOutcome> outcomes,
                          String error, int attempts, long durationMillis) {
        this(database, status, plan, outcomes, error, attempts, durationMillis, List.of());
    }

    public List<PlanEntry> drift() {
        return plan.stream().filter(PlanEntry::isDrift).toList();
    }
}
