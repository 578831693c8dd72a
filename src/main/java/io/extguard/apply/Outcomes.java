package io.extguard.apply;

import io.extguard.model.Result;
import io.extguard.model.UpdateOutcome;
import io.extguard.model.Action;
import io.extguard.model.PlanEntry;
import io.extguard.util.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns a plan and what happened to it into one outcome per planned change or plan error. */
final class Outcomes {
    private Outcomes() {
    }

    static List<UpdateOutcome> withoutChanges(String database, List<PlanEntry> plan) {
        return verified(database, plan, Map.of());
    }

    static List<UpdateOutcome> verified(String database, List<PlanEntry> plan, Map<String, String> after) {
        List<UpdateOutcome> out = new ArrayList<>();
        for (PlanEntry e : plan) {
            if (e.action().isProblem()) {
                out.add(outcome(database, e, Result.NOT_ATTEMPTED, e.reason()));
            } else if (e.isDrift()) {
                out.add(verify(database, e, after.get(e.extension())));
            }
        }
        return out;
    }

    private static UpdateOutcome verify(String database, PlanEntry e, String actual) {
        if (e.target().equals(actual)) {
            return outcome(database, e, e.action() == Action.CREATE ? Result.CREATED : Result.UPDATED, null);
        }
        return outcome(database, e, Result.FAILED, "verification failed: after commit pg_extension shows "
                + (actual == null ? "no such extension" : actual) + ", expected " + e.target());
    }

    static List<UpdateOutcome> afterRollback(String database, List<PlanEntry> plan, PlanEntry failed, String cause) {
        List<UpdateOutcome> out = new ArrayList<>();
        for (PlanEntry e : plan) {
            if (e.action().isProblem()) {
                out.add(outcome(database, e, Result.NOT_ATTEMPTED, e.reason()));
            } else if (e.equals(failed)) {
                out.add(outcome(database, e, Result.FAILED, cause));
            } else if (e.isDrift()) {
                String why = failed == null ? cause
                        : "not applied: the transaction was rolled back because " + Names.display(failed.extension()) + " failed";
                out.add(outcome(database, e, Result.ROLLED_BACK, why));
            }
        }
        return out;
    }

    private static UpdateOutcome outcome(String database, PlanEntry e, Result result, String message) {
        return new UpdateOutcome(database, e.extension(), e.installed(), e.target(), result, message);
    }
}
