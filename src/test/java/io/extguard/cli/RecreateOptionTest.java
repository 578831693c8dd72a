package io.extguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.run.Mode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --recreate} reaches the plan's selection (the option itself is plain picocli). */
class RecreateOptionTest {

    @Test
    void recreateNamesTheExtensionsThatMayBeDroppedAndCreatedAgain() {
        RunOptions options = new RunOptions();
        new CommandLine(options).parseArgs("--recreate", "pg_repack,hypopg", "--recreate", "pgaudit",
                "--concurrency", "2", "--retries", "0");
        options.wait = Duration.ofSeconds(1);
        options.lockTimeout = Duration.ofSeconds(1);
        options.statementTimeout = Duration.ofSeconds(1);

        assertThat(options.toSettings(Mode.PREFLIGHT).selection().recreate())
                .containsExactlyInAnyOrder("pg_repack", "hypopg", "pgaudit");
    }

    @Test
    void withoutTheOptionNothingIsRecreated() {
        RunOptions options = new RunOptions();
        new CommandLine(options).parseArgs("--concurrency", "1");

        assertThat(options.toSettings(Mode.CHECK).selection().recreate()).isEmpty();
    }
}
