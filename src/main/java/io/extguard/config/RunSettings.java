package io.extguard.config;

import io.extguard.model.Mode;
import io.extguard.model.OnFailure;
import io.extguard.apply.ActiveProbes;
import io.extguard.discovery.NameFilter;
import io.extguard.plan.Selection;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a run needs besides where to connect; built from the command line and configuration
 * (cli/RunOptions) or, in code and tests, with {@link #builder(Mode)}, whose defaults are the
 * built-in defaults of {@link Key} with the built-in probes left out.
 */
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

    public RunSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(serverWait, "serverWait");
        Objects.requireNonNull(databases, "databases");
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        Objects.requireNonNull(onFailure, "onFailure");
        Objects.requireNonNull(probes, "probes");
    }

    public static Builder builder(Mode mode) {
        return new Builder(mode);
    }

    public Builder toBuilder() {
        return new Builder(mode).serverWait(serverWait).databases(databases).selection(selection)
                .concurrency(concurrency).lockTimeout(lockTimeout).statementTimeout(statementTimeout)
                .retries(retries).onFailure(onFailure).probes(probes);
    }

    public RunSettings withMode(Mode newMode) {
        return toBuilder().mode(newMode).build();
    }

    /** Named settings instead of ten positional ones; unset ones keep the built-in defaults. */
    public static final class Builder {
        private Mode mode;
        private Duration serverWait = Duration.ofSeconds(60);
        private NameFilter databases = NameFilter.all();
        private Selection selection = Selection.everything();
        private int concurrency = 4;
        private Duration lockTimeout = Duration.ofSeconds(5);
        private Duration statementTimeout = Duration.ofMinutes(5);
        private int retries = 3;
        private OnFailure onFailure = OnFailure.FAIL;
        private ActiveProbes probes = ActiveProbes.none();

        private Builder(Mode mode) {
            this.mode = mode;
        }

        public Builder mode(Mode value) {
            this.mode = value;
            return this;
        }

        public Builder serverWait(Duration value) {
            this.serverWait = value;
            return this;
        }

        public Builder databases(NameFilter value) {
            this.databases = value;
            return this;
        }

        public Builder selection(Selection value) {
            this.selection = value;
            return this;
        }

        public Builder concurrency(int value) {
            this.concurrency = value;
            return this;
        }

        public Builder lockTimeout(Duration value) {
            this.lockTimeout = value;
            return this;
        }

        public Builder statementTimeout(Duration value) {
            this.statementTimeout = value;
            return this;
        }

        public Builder retries(int value) {
            this.retries = value;
            return this;
        }

        public Builder onFailure(OnFailure value) {
            this.onFailure = value;
            return this;
        }

        public Builder probes(ActiveProbes value) {
            this.probes = value;
            return this;
        }

        public RunSettings build() {
            return new RunSettings(mode, serverWait, databases, selection, concurrency, lockTimeout, statementTimeout,
                    retries, onFailure, probes);
        }
    }
}
