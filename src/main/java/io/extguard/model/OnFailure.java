package io.extguard.model;

/** Whether failures fail the process. {@code warn} suits development, where a half-set-up database is normal. */
public enum OnFailure {
    FAIL,
    WARN
}
