package io.extguard.model;

/** What a run does in each database. */
public enum Mode {
    /** Plan and report; change nothing. */
    CHECK,
    /** Plan, apply, verify. */
    PREFLIGHT;

    public String command() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
