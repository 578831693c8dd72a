package io.extguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.config.ExtguardConfig;
import io.extguard.config.RawConfig;
import io.extguard.model.Mode;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --recreate}, repeated or comma-separated, reaches the plan's selection. */
class RecreateOptionTest {
    private static final RawConfig NOTHING_ELSE = new RawConfig(List.of(), List.of());

    private static ExtguardConfig parse(String... args) {
        CommandLine cli = new CommandLine(new CheckCommand());
        return new ExtguardConfig(RunOptions.typed(cli.parseArgs(args)), NOTHING_ELSE);
    }

    @Test
    void recreateNamesTheExtensionsThatMayBeDroppedAndCreatedAgain() {
        ExtguardConfig config = parse("--recreate", "pg_repack,hypopg", "--recreate", "pgaudit");
        assertThat(RunOptions.toSettings(config, Mode.PREFLIGHT).selection().recreate())
                .containsExactlyInAnyOrder("pg_repack", "hypopg", "pgaudit");
    }

    @Test
    void withoutTheOptionNothingIsRecreated() {
        assertThat(RunOptions.toSettings(parse("--concurrency", "1"), Mode.CHECK).selection().recreate()).isEmpty();
    }
}
