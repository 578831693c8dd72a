package io.extguard.model;

/**
 * One (database, extension) line of a plan. {@code installed} is null when the extension is not
 * installed; {@code target} is null when no library provides it.
 */
public record PlanEntry(String database, String extension, String installed, String target, Action action, String reason) {

    public boolean isDrift() {
        return action.changesSomething();
    }
}
