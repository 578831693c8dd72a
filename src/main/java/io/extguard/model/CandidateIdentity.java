package io.extguard.model;

import java.util.TreeMap;

/**
 * Who the candidate is, for the JSON report's {@code candidate}: its server, its PostgreSQL
 * version and the {@code default_version} of every extension its image offers.
 */
public record CandidateIdentity(String server, String serverVersion, int majorVersion,
                                java.util.SortedMap<String, String> extensions) {
    public CandidateIdentity {
        extensions = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(extensions));
    }
}
