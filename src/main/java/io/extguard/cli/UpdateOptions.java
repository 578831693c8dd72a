package io.extguard.cli;

import picocli.CommandLine.Option;

/**
 * Options that only matter where extguard changes something: {@code preflight}, and the
 * sidecar, which remediates. {@code check --help} does not list them, and {@code check} refuses them.
 */
public final class UpdateOptions {
    @Option(names = "--lock-timeout", paramLabel = "DURATION",
            description = "lock_timeout for each update (1ms to 24d). Default: ${DEFAULT-VALUE}.")
    String lockTimeout;
}
