package dev.chorus.testing;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.Statement;

/**
 * A real connection opened under a fault name. It wraps the statements it creates, because faults are decided
 * per execution, and ends HANG waits when it is closed; every other call goes to the real connection unchanged.
 */
final class FaultyConnectionHandler extends ForwardingHandler {
    final Blocker blocker = new Blocker();
    private Connection proxy;

    private FaultyConnectionHandler(String name, Connection real) {
        super(name, real);
    }

    static Connection wrap(String name, Connection real) {
        FaultyConnectionHandler handler = new FaultyConnectionHandler(name, real);
        handler.proxy = proxy(Connection.class, handler);
        return handler.proxy;
    }

    Connection proxy() {
        return proxy;
    }

    @Override
    Object handle(Object self, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "createStatement":
                return FaultyStatementHandler.wrap(this, Statement.class, (Statement) forward(method, args), null);
            case "prepareStatement":
            case "prepareCall":
                // The return type picks PreparedStatement or CallableStatement for the proxy.
                return FaultyStatementHandler.wrap(this, method.getReturnType().asSubclass(Statement.class),
                        (Statement) forward(method, args), (String) args[0]);
            case "close":
                blocker.close("Connection.close()");
                return forward(method, args);
            case "abort":
                blocker.close("Connection.abort()");
                return forward(method, args);
            default:
                return forward(method, args);
        }
    }
}
