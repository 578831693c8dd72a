package io.extguard.connect;

import java.util.List;
import java.util.Map;

/**
 * Where and as whom extguard connects. {@code driverProperties} holds pgjdbc properties such as
 * {@code sslmode}; it never holds the password, which lives only in {@link Secret}.
 */
public record ConnectionSettings(
        List<HostPort> hosts,
        String user,
        Secret password,
        String maintenanceDatabase,
        Map<String, String> driverProperties) {

    public ConnectionSettings {
        hosts = List.copyOf(hosts);
        driverProperties = Map.copyOf(driverProperties);
    }

    /** A description for logs and reports, with no secret in it. */
    public String describe() {
        String servers = String.join(",", hosts.stream().map(HostPort::toString).toList());
        String tls = driverProperties.getOrDefault("sslmode", "prefer");
        return user + "@" + servers + "/" + maintenanceDatabase + " (sslmode=" + tls + ")";
    }

    /** Records print every component; this one must not print driver properties such as sslpassword. */
    @Override
    public String toString() {
        return describe();
    }

    public ConnectionSettings withPassword(Secret newPassword) {
        return new ConnectionSettings(hosts, user, newPassword, maintenanceDatabase, driverProperties);
    }
}
