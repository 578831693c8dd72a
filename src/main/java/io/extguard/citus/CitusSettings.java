package io.extguard.citus;

import java.util.Map;

/**
 * How extguard reaches a Citus cluster's workers. Citus knows them by the names in
 * {@code pg_dist_node}, which may not resolve where extguard runs; {@code nodeAddresses} maps such
 * a name ({@code worker-2}, or {@code worker-2:5432} to tell ports apart) to {@code host:port}.
 * {@code nodeUrls} replaces the coordinator's connection settings for one node entirely, e.g.
 * for other credentials or TLS settings.
 *
 * <p>Only the options' values live here; what extguard does with them is Citus's recipe
 * (io.extguard.recipe.citus).
 */
public record CitusSettings(boolean enabled, Map<String, String> nodeAddresses, Map<String, String> nodeUrls) {

    public static final CitusSettings DEFAULT = new CitusSettings(true, Map.of(), Map.of());

    public CitusSettings {
        nodeAddresses = Map.copyOf(nodeAddresses);
        nodeUrls = Map.copyOf(nodeUrls);
    }
}
