package io.extguard.run;

import io.extguard.model.DatabaseReport;

/** Hears about each database as soon as it is finished, so logs stream during a long run. */
@FunctionalInterface
public interface RunListener {
    RunListener NONE = report -> { };

    void databaseFinished(DatabaseReport report);

    /**
     * Once, after discovery and before the first visit: how many databases this run will report
     * on the server extguard was pointed at (Citus workers' copies come on top, with a node).
     */
    default void visiting(int databases) {
    }

    /** This listener, then {@code next}: the log and the progress line hear the same run. */
    default RunListener and(RunListener next) {
        RunListener first = this;
        return new RunListener() {
            @Override
            public void databaseFinished(DatabaseReport report) {
                first.databaseFinished(report);
                next.databaseFinished(report);
            }

            @Override
            public void visiting(int databases) {
                first.visiting(databases);
                next.visiting(databases);
            }
        };
    }
}
