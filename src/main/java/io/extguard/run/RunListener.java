package io.extguard.run;

import io.extguard.model.DatabaseReport;

/** Hears about each database as soon as it is finished, so logs stream during a long run. */
@FunctionalInterface
public interface RunListener {
    RunListener NONE = report -> { };

    void databaseFinished(DatabaseReport report);
}
