package io.extguard.model;

/** The outcome of one planned change, or of one plan error, in one database. */
public record UpdateOutcome(String database, String extension, String from, String to, Result result, String message) {

    public boolean succeeded() {
        return result == Result.UPDATED || result == Result.CREATED || result == Result.FINISHED;
    }
}
