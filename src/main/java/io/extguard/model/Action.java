package io.extguard.model;

/** What extguard will do, or did decide to do, for one extension in one database. */
public enum Action {
    /** Already at the target version. */
    NONE,
    /** {@code ALTER EXTENSION ... UPDATE TO ...}. */
    UPDATE,
    /** {@code CREATE EXTENSION}, because it was ensured and is missing. */
    CREATE,
    /**
     * {@code DROP EXTENSION} then {@code CREATE EXTENSION} at the target, in the same schema: the image
     * has no update script, and the operator opted in with {@code --recreate}.
     */
    RECREATE,
    /** Cannot be brought to the target; the reason says why and what to do. */
    ERROR,
    /**
     * Could be brought to the target, but not by the connected role (not the owner, needs a
     * superuser); the reason says which privilege is missing. Never attempted.
     */
    BLOCKED;

    public boolean changesSomething() {
        return this == UPDATE || this == CREATE || this == RECREATE;
    }

    /** Needs attention and fails the run: a plan error, or a change the role may not make. */
    public boolean isProblem() {
        return this == ERROR || this == BLOCKED;
    }
}
