package io.extguard.recipe.citus;

import io.extguard.apply.DatabaseVisitor;
import io.extguard.apply.VisitorFactory;
import io.extguard.catalog.CatalogSession;
import io.extguard.catalog.ServerLibrary;
import io.extguard.connect.ConnectionSettings;
import io.extguard.connect.ConnectionSettingsResolver;
import io.extguard.connect.Connector;
import io.extguard.connect.HostPort;
import io.extguard.discovery.NameFilter;
import io.extguard.model.ExtguardException;
import io.extguard.plan.Planner;
import io.extguard.plan.Selection;
import io.extguard.citus.CitusSettings;
import io.extguard.recipe.Recipes;
import io.extguard.config.RunSettings;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * One {@link DatabaseVisitor} per worker node, made on first use and shared by every tenant
 * database on that node. A worker is visited for citus only: Citus propagates other extensions
 * from the coordinator, and refuses them on a worker.
 */
final class NodeVisitors implements AutoCloseable {
    private final ConnectionSettings coordinator;
    private final RunSettings settings;
    private final CitusSettings citus;
    private final VisitorFactory visitors;
    private final Map<String, Node> nodes = new ConcurrentHashMap<>();

    NodeVisitors(ConnectionSettings coordinator, RunSettings settings, CitusSettings citus, VisitorFactory visitors) {
        this.coordinator = coordinator;
        this.settings = settings;
        this.citus = citus;
        this.visitors = visitors;
    }

    /** The node's visitor; throws {@link SQLException} when the node cannot be reached to read its library. */
    DatabaseVisitor visitor(WorkerNode worker) throws SQLException {
        Node node = nodes.get(worker.label());
        if (node == null) {
            node = open(worker);
            Node raced = nodes.putIfAbsent(worker.label(), node);
            if (raced != null) {
                node.session().close();
                node = raced;
            }
        }
        return node.visitor();
    }

    private Node open(WorkerNode worker) throws SQLException {
        Connector connector = new Connector(settingsFor(worker), settings.lockTimeout(), settings.statementTimeout(),
                Recipes.standard().sessionSettings());
        CatalogSession session = new CatalogSession(connector, connector.openMaintenance());
        try {
            Planner planner = new Planner(citusOnly(settings.selection()), ServerLibrary.load(session))
                    .withNotes(Recipes.standard());
            DatabaseVisitor visitor = visitors.visitor(connector, planner, worker.label());
            return new Node(session, visitor);
        } catch (SQLException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    ConnectionSettings settingsFor(WorkerNode worker) {
        String url = lookup(citus.nodeUrls(), worker);
        if (url != null) {
            return new ConnectionSettingsResolver(Map.of()).resolve(url, null);
        }
        String address = lookup(citus.nodeAddresses(), worker);
        HostPort hostPort = address == null ? new HostPort(worker.name(), worker.port()) : parse(worker, address);
        return new ConnectionSettings(List.of(hostPort), coordinator.user(), coordinator.password(),
                coordinator.maintenanceDatabase(), coordinator.driverProperties());
    }

    /** The most specific setting for a node: {@code name:port} first, then {@code name}. */
    private static String lookup(Map<String, String> settings, WorkerNode node) {
        String exact = settings.get(node.label());
        return exact != null ? exact : settings.get(node.name());
    }

    private static HostPort parse(WorkerNode worker, String address) {
        int colon = address.lastIndexOf(':');
        try {
            if (colon > 0) {
                return new HostPort(address.substring(0, colon).replaceAll("^\\[|]$", ""),
                        Integer.parseInt(address.substring(colon + 1)));
            }
            return new HostPort(address, worker.port());
        } catch (NumberFormatException e) {
            throw ExtguardException.usage("The address '" + address + "' for Citus node " + worker.label()
                    + " is not host:port.");
        }
    }

    private static Selection citusOnly(Selection selection) {
        Map<String, String> pins = selection.pins().entrySet().stream()
                .filter(e -> e.getKey().equals(CitusRecipe.EXTENSION))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return new Selection(new NameFilter(List.of(CitusRecipe.EXTENSION), List.of()), pins, Set.of());
    }

    @Override
    public void close() {
        nodes.values().forEach(n -> n.session().close());
    }

    private record Node(CatalogSession session, DatabaseVisitor visitor) {
    }
}
