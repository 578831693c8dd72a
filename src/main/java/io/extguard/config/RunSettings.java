package io.extguard.config;

import io.extguard.apply.ActiveProbes;
import io.extguard.discovery.NameFilter;
import io.extguard.plan.Selection;
import java.time.Duration;

/** Everything a run needs besides where to connect; built from the command line and configuration. */
public record RunSettings(
        Mode mode,
        Duration serverWait,
        NameFilter databases,
        Selection selection,
        int concurrency,
        Duration lockTimeout,
        Duration statementTimeout,
        int retries,
        OnFailure onFailure,
        ActiveProbes probes) {

    public RunSettings withMode(Mode newMode) {
        return new RunSettings(newMode, serverWait, databases, selection, concurrency, lockTimeout, statementTimeout,
                retries, onFailure, probes);
    }
}
