package io.extguard.apply;

import io.extguard.connect.Connector;
import io.extguard.connect.Sleeper;
import io.extguard.plan.Planner;
import java.time.Clock;

/**
 * Builds the database visitors of one run alike: for the server extguard connects to, and for
 * the other servers of a cluster a recipe visits, with the same retries, probes and rules.
 */
public record VisitorFactory(RetryPolicy retry, Sleeper sleeper, Clock clock, ActiveProbes probes, ExtensionRules rules) {

    /**
     * @param node the server this connector reaches, as reports name it ({@code host:port}); null for the
     *             server extguard connects to
     */
    public DatabaseVisitor visitor(Connector connector, Planner planner, String node) {
        return new DatabaseVisitor(connector, planner, retry, sleeper, clock, probes, rules, node);
    }
}
