package dev.chorus.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Base of the fault driver's proxies: answers {@code Object}'s methods and {@code unwrap}/{@code isWrapperFor}
 * the same way for every wrapper, and forwards whatever a subclass does not intercept to the real JDBC object.
 *
 * <p>Unlike Chorus's own wrappers these do hand out the real object through {@code unwrap}: a test that deliberately
 * reaches past the fault layer (for example to learn the engine) should be able to.
 */
abstract class ForwardingHandler implements InvocationHandler {
    final String name;
    final Object real;

    ForwardingHandler(String name, Object real) {
        this.name = name;
        this.real = real;
    }

    static <T> T proxy(Class<T> iface, InvocationHandler handler) {
        return iface.cast(Proxy.newProxyInstance(FaultyDriver.class.getClassLoader(), new Class<?>[] {iface}, handler));
    }

    @Override
    public final Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Object[] arguments = args == null ? new Object[0] : args;
        switch (method.getName()) {
            case "equals":
                if (arguments.length == 1 && method.getParameterTypes()[0] == Object.class) {
                    return proxy == arguments[0];
                }
                break;
            case "hashCode":
                if (arguments.length == 0) {
                    return System.identityHashCode(proxy);
                }
                break;
            case "toString":
                if (arguments.length == 0) {
                    return "faulty[" + name + "] " + real;
                }
                break;
            case "unwrap":
                Class<?> iface = (Class<?>) arguments[0];
                return iface != null && iface.isInstance(proxy) ? proxy : forward(method, arguments);
            case "isWrapperFor":
                Class<?> type = (Class<?>) arguments[0];
                return (type != null && type.isInstance(proxy)) || (Boolean) forward(method, arguments);
            default:
                break;
        }
        return handle(proxy, method, arguments);
    }

    /** Answers one call on the proxy; the default forwards it unchanged. */
    Object handle(Object proxy, Method method, Object[] args) throws Throwable {
        return forward(method, args);
    }

    final Object forward(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(real, args);
        } catch (InvocationTargetException e) {
            // Rethrow what the real driver threw, not reflection's wrapper, so callers see its SQLState.
            throw e.getCause();
        }
    }
}
