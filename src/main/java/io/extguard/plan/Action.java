package io.extguard.plan;

/** What extguard will do, or did decide to do, for one extension in one database. */
public enum Action {
    /** Already at the target version. */
    NONE,
    /** {@code ALTER EXTENSION ... UPDATE TO ...}. */
    UPDATE,
    /** {@code CREATE EXTENSION}, because it was ensured and is missing. */
    CREATE,
    /** Cannot be brought to the target; the reason says why and what to do. */
    ERROR;

    public boolean changesSomething() {
        return this == UPDATE || this == CREATE;
    }
}
