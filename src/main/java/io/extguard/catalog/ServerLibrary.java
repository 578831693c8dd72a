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
    private static final String VERSION_FACTS =
            "SELECT name, version, requires, superuser, trusted FROM pg_catalog.pg_available_extension_versions";

    private final Map<String, String> defaultVersions;
    private final CatalogSession session;
    private final Map<String, UpdateGraph> graphs = new ConcurrentHashMap<>();
    private Map<String, Map<String, VersionFacts>> versionFacts;

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
        VersionFacts facts = versionFacts(extension).get(version);
        return facts == null ? List.of() : facts.requires();
    }

    @Override
    public ControlFlags controlFlags(String extension, String version) {
        VersionFacts facts = versionFacts(extension).get(version);
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

    private Map<String, VersionFacts> versionFacts(String extension) {
        return allVersionFacts().getOrDefault(extension, Map.of());
    }

    /**
     * Every version of every extension, read once: pg_available_extension_versions reads every
     * control file in the extension directory whatever its WHERE clause asks for (about 25 ms on
     * a server with contrib and PostGIS), so one read for all costs what one read per extension did.
     */
    private synchronized Map<String, Map<String, VersionFacts>> allVersionFacts() {
        if (versionFacts == null) {
            versionFacts = session.queryUnchecked(ServerLibrary::readVersionFacts);
        }
        return versionFacts;
    }

    private static Map<String, Map<String, VersionFacts>> readVersionFacts(Connection c) throws SQLException {
        Map<String, Map<String, VersionFacts>> byExtension = new HashMap<>();
        Query.forEach(c, VERSION_FACTS, rs -> {
            java.sql.Array names = rs.getArray(3);
            List<String> requires = names == null ? List.of() : Arrays.asList((String[]) names.getArray());
            byExtension.computeIfAbsent(rs.getString(1), name -> new HashMap<>())
                    .put(rs.getString(2), new VersionFacts(requires, new ControlFlags(rs.getBoolean(4), rs.getBoolean(5))));
        });
        byExtension.replaceAll((name, byVersion) -> Map.copyOf(byVersion));
        return Map.copyOf(byExtension);
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
