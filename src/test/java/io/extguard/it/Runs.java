package io.extguard.it;

import io.extguard.connect.Sleeper;
import io.extguard.discovery.NameFilter;
import io.extguard.run.FleetRun;
import io.extguard.model.Mode;
import io.extguard.run.RunListener;
import io.extguard.model.RunReport;
import io.extguard.config.RunSettings;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.Connections;
import java.time.Duration;
import java.util.List;

/** Drives the engine directly, without Quarkus, the way the benchmark and the sidecar do. */
final class Runs {
    private Runs() {
    }

    static RunSettings settings(Mode mode, List<String> databases, Duration wait) {
        return RunSettings.builder(mode).serverWait(wait).databases(new NameFilter(databases, List.of())).build();
    }

    static RunReport run(PgServer server, Mode mode, List<String> databases) {
        return new FleetRun(Connections.settings(server), settings(mode, databases, Duration.ofSeconds(10)), Sleeper.REAL,
                RunListener.NONE).run();
    }
}
