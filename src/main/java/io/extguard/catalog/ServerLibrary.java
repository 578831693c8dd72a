package io.extguard.catalog;

import io.extguard.connect.Query;
import io.extguard.plan.ControlFlags;
import io.extguard.plan.ExtensionLibrary;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The extension files installed on one server, read through its catalog functions. Control and
 * script files are the same for every database of the server, so each question is asked once per
 * run, however many thousand databases there are.
 */
public final class ServerLibrary implements ExtensionLibrary {
    private static final String DEFAULT_VERSIONS =
            "SELECT name, default_version FROM pg_catalog.pg_available_extensions";
    private static final String UPDATE_PATHS =
            "SELECT source, target, path IS NOT NULL FROM pg_catalog.pg_extension_update_paths(?)";
    private static final String REQUIRES =
            "SELECT version, requires, superuser, trusted FROM pg_catalog.pg_available_extension_versions WHERE name = ?";

    private final Map<String, String> defaultVersions;
    private final CatalogSession session;
    private final Map<String, UpdateGraph> graphs = new ConcurrentHashMap<>();
    private final Map<String, Map<String, VersionFacts>> versionFacts = new ConcurrentHashMap<>();

    private ServerLibrary(Map<String, String> defaultVersions, CatalogSession session) {
        this.defaultVersions = Map.copyOf(defaultVersions);
        this.session = session;
    }

    public static ServerLibrary load(CatalogSession session) throws SQLException {
        return new ServerLibrary(session.query(ServerLibrary::readDefaultVersions), session);
    }

    @Override
    public Optional<String> defaultVersion(String extension) {
        return Optional.ofNullable(defaultVersions.get(extension));
    }

    public Map<String, String> defaultVersions() {
        return defaultVersions;
    }

    @Override
    public Set<String> knownVersions(String extension) {
        return graph(extension).versions();
    }

    @Override
    public boolean hasUpdatePath(String extension, String from, String to) {
        return graph(extension).paths().contains(from + "\u0000" + to);
    }

    @Override
    public List<String> requires(String extension, String version) {
        VersionFacts facts = versionFacts.computeIfAbsent(extension, this::readVersionFacts).get(version);
        return facts == null ? List.of() : facts.requires();
    }

    @Override
    public ControlFlags controlFlags(String extension, String version) {
        VersionFacts facts = versionFacts.computeIfAbsent(extension, this::readVersionFacts).get(version);
        return facts == null ? ControlFlags.UNRESTRICTED : facts.flags();
    }

    private UpdateGraph graph(String extension) {
        return graphs.computeIfAbsent(extension, this::readGraph);
    }

    private UpdateGraph readGraph(String extension) {
        return session.queryUnchecked(c -> {
            Set<String> versions = new HashSet<>();
            Set<String> paths = new HashSet<>();
            Query.forEach(c, UPDATE_PATHS, rs -> {
                versions.add(rs.getString(1));
                versions.add(rs.getString(2));
                if (rs.getBoolean(3)) {
                    paths.add(rs.getString(1) + "\u0000" + rs.getString(2));
                }
            }, extension);
            // An extension with a single version has no update pairs at all.
            versions.add(defaultVersions.get(extension));
            return new UpdateGraph(Set.copyOf(versions), Set.copyOf(paths));
        });
    }

    private Map<String, VersionFacts> readVersionFacts(String extension) {
        return session.queryUnchecked(c -> {
            Map<String, VersionFacts> byVersion = new HashMap<>();
            Query.forEach(c, REQUIRES, rs -> {
                java.sql.Array names = rs.getArray(2);
                List<String> requires = names == null ? List.of() : Arrays.asList((String[]) names.getArray());
                byVersion.put(rs.getString(1), new VersionFacts(requires, new ControlFlags(rs.getBoolean(3), rs.getBoolean(4))));
            }, extension);
            return Map.copyOf(byVersion);
        });
    }

    private static Map<String, String> readDefaultVersions(Connection c) throws SQLException {
        Map<String, String> result = new HashMap<>();
        Query.forEach(c, DEFAULT_VERSIONS, rs -> result.put(rs.getString(1), rs.getString(2)));
        return result;
    }

    private record UpdateGraph(Set<String> versions, Set<String> paths) {
    }

    /** One version's line of pg_available_extension_versions. */
    private record VersionFacts(List<String> requires, ControlFlags flags) {
    }
}
