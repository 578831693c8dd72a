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
        // JDBC counts query timeouts in whole seconds; round up so the bound is never tighter than asked.
        int seconds = (int) Math.min(Integer.MAX_VALUE, Math.max(1, (statementTimeout.toMillis() + 999) / 1000));
        return (Connection) Proxy.newProxyInstance(TimeoutBoundConnection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new TimeoutBoundConnection(connection, seconds));
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
