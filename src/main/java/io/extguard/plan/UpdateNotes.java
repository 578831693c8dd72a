package io.extguard.plan;

/**
 * A remark an extension's own rules add to the reason of a planned update, e.g. that the
 * extension tolerates this drift but its SQL is still old. The planner stays pure and knows no
 * extension by name: the recipes (io.extguard.recipe) provide the notes.
 */
@FunctionalInterface
public interface UpdateNotes {
    UpdateNotes NONE = (extension, installed, target) -> null;

    /** The remark for an update of {@code extension} from {@code installed} to {@code target}, or null. */
    String note(String extension, String installed, String target);
}
