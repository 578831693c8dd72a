package io.extguard.cli;

import io.extguard.config.Key;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The built-in defaults, for {@code --help}'s "Default:" texts. The values a run uses come from
 * {@link io.extguard.config.ExtguardConfig}, which also reads the environment and properties.
 */
public final class ConfigDefaults implements IDefaultValueProvider {
    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        return Key.byOption(option.longestName()).flatMap(Key::defaultValue).orElse(null);
    }
}
