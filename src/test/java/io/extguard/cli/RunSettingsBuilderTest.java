package io.extguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.apply.ActiveProbes;
import io.extguard.config.ExtguardConfig;
import io.extguard.model.Mode;
import io.extguard.model.OnFailure;
import io.extguard.config.RawConfig;
import io.extguard.config.RunSettings;
import io.extguard.discovery.NameFilter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Code and tests build run settings by name ({@link RunSettings#builder}); what they leave out must
 * be what a user who sets nothing gets, or a test would quietly run with settings no user has.
 */
class RunSettingsBuilderTest {
    private static final RawConfig NOTHING = new RawConfig(List.of(), List.of());

    @Test
    void unsetSettingsAreTheDefaultsOfAnEmptyConfigurationExceptTheProbes() {
        RunSettings configured = RunOptions.toSettings(new ExtguardConfig(Map.of(), NOTHING), Mode.PREFLIGHT);
        RunSettings built = RunSettings.builder(Mode.PREFLIGHT).build();

        assertThat(built.serverWait()).isEqualTo(configured.serverWait()).isEqualTo(Duration.ofSeconds(60));
        assertThat(built.concurrency()).isEqualTo(configured.concurrency());
        assertThat(built.lockTimeout()).isEqualTo(configured.lockTimeout());
        assertThat(built.statementTimeout()).isEqualTo(configured.statementTimeout());
        assertThat(built.retries()).isEqualTo(configured.retries());
        assertThat(built.onFailure()).isEqualTo(configured.onFailure());
        assertThat(built.databases().describe()).isEqualTo(configured.databases().describe()).isEqualTo("all");
        assertThat(built.selection().extensions().describe()).isEqualTo(configured.selection().extensions().describe());
        assertThat(built.selection().pins()).isEqualTo(configured.selection().pins()).isEmpty();
        assertThat(built.selection().ensure()).isEqualTo(configured.selection().ensure()).isEmpty();
        assertThat(built.selection().recreate()).isEqualTo(configured.selection().recreate()).isEmpty();
        // Built-in probes load extension libraries: code that wants them asks for them.
        assertThat(built.probes()).usingRecursiveComparison().isEqualTo(ActiveProbes.none());
        assertThat(configured.probes()).usingRecursiveComparison().isEqualTo(new ActiveProbes(io.extguard.recipe.Recipes.standard().probes()));
    }

    @Test
    void toBuilderKeepsEverySettingAndWithModeChangesOnlyTheMode() {
        RunSettings original = RunSettings.builder(Mode.PREFLIGHT).serverWait(Duration.ofSeconds(7))
                .databases(new NameFilter(List.of("tenant_*"), List.of("tenant_old"))).concurrency(9)
                .lockTimeout(Duration.ofSeconds(2)).statementTimeout(Duration.ofMinutes(3)).retries(0)
                .onFailure(OnFailure.WARN).build();

        RunSettings check = original.withMode(Mode.CHECK);

        assertThat(check.mode()).isEqualTo(Mode.CHECK);
        assertThat(check).usingRecursiveComparison().ignoringFields("mode").isEqualTo(original);
    }
}
