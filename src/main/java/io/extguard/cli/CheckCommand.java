package io.extguard.cli;

import io.extguard.model.Mode;
import picocli.CommandLine.Command;

@Command(name = "check", mixinStandardHelpOptions = true, defaultValueProvider = ConfigDefaults.class,
        versionProvider = ExtguardCommand.Version.class,
        description = {"Print the plan and change nothing.",
                "Exit 0 when every selected database is at its target, 3 on drift, 1 when something cannot be checked or fixed."})
public class CheckCommand extends RunCommand {
    @Override
    Mode mode() {
        return Mode.CHECK;
    }
}
