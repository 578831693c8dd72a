package io.extguard.connect;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

/**
 * A connection whose every statement carries a client-side query timeout (pgjdbc sends a cancel
 * request when it expires). Used when {@code statement_timeout} could not be set as a startup
 * option, for example behind PgBouncer with {@code ignore_startup_parameters = options}: a session
 * {@code SET} would stick to whichever server connection a transaction pooler lent and leak to its
 * next client, while a cancel request reaches the statement through any pooler mode.
 */
final class TimeoutBoundConnection implements InvocationHandler {
    private final Connection target;
    private final int seconds;

    private TimeoutBoundConnection(Connection target, int seconds) {
        this.target = target;
        this.seconds = seconds;
    }

    static Connection wrap(Connection connection, Duration statementTimeout) {
        if (Proxy.isProxyClass(connection.getClass())
                && Proxy.getInvocationHandler(connection) instanceof TimeoutBoundConnection) {
            return connection;
        }
        return (Connection) Proxy.newProxyInstance(TimeoutBoundConnection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new TimeoutBoundConnection(connection, backstopSeconds(statementTimeout)));
    }

    /**
     * The client's bound, in the whole seconds JDBC counts: the timeout rounded up plus a grace of a
     * second or a tenth, whichever is more. An update transaction sets statement_timeout with SET
     * LOCAL, and the server's own cancel ("due to statement timeout") is the clearer report; a
     * client cancel at the same instant would race it and, on a loaded machine, win with "due to
     * user request". The client's cancel stays the bound for what SET LOCAL does not cover.
     */
    static int backstopSeconds(Duration statementTimeout) {
        long millis = statementTimeout.toMillis();
        long grace = Math.max(1000, millis / 10);
        long seconds = (millis + grace + 999) / 1000;
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, seconds));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (result instanceof Statement statement) {
            statement.setQueryTimeout(seconds);
        }
        return result;
    }
}
