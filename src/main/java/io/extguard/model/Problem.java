package io.extguard.model;

/** What stopped a run, as the JSON report's {@code error} object: a stable code and a message for people. */
public record Problem(ProblemCode code, String message) {
}
