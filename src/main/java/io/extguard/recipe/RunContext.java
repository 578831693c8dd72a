package io.extguard.recipe;

import io.extguard.apply.DatabaseVisitor;
import io.extguard.apply.VisitorFactory;
import io.extguard.citus.CitusSettings;
import io.extguard.config.RunSettings;
import io.extguard.connect.Connector;

/**
 * What a recipe that visits more than one server ({@link Recipe#nodes}) gets from the engine.
 *
 * @param server    the visitor of the server extguard connects to
 * @param connector that server's connector, pinned to the host the run settled on
 * @param settings  the run's settings
 * @param nodes     how to reach the other servers (the {@code --citus*} options)
 * @param visitors  builds their visitors alike
 * @param gate      whether this is the pre-rollout gate ({@code check --library-from}): the other
 *                  servers run the same candidate image, so the server's plan stands for them
 */
public record RunContext(DatabaseVisitor server, Connector connector, RunSettings settings, CitusSettings nodes,
                         VisitorFactory visitors, boolean gate) {
}
