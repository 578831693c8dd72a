package io.extguard.connect;

/** One server address; a list of them is libpq's and pgjdbc's multi-host form. */
public record HostPort(String host, int port) {
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
