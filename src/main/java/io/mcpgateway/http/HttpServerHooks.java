package io.mcpgateway.http;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.impl.ConnectionBase;
import org.apache.camel.Service;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The Vert.x instance on which Camel creates both HTTP servers (the gateway's and the management server), with the
 * gateway's hooks on each server before it listens: strict message framing ({@link StrictFraming}) and the clients'
 * timeouts ({@link ClientTimeouts}) on every connection, and HTTP/1.1 only.
 * <p>
 * camel-platform-http-main creates its servers with default {@code HttpServerOptions} and no hook of its own; it does
 * take the {@code Vertx} bean from the registry. This one is a real Vert.x instance behind a proxy that hands every
 * call through, except that a server it creates is set up first. Vert.x offers the connection handler only before a
 * server listens, which is why it is set here and not by a start-up listener.
 */
public final class HttpServerHooks {

    private static final long CLOSE_SECONDS = 10;

    private HttpServerHooks() {
    }

    public static Vertx vertx(VertxOptions options, ClientTimeouts timeouts) {
        Vertx real = Vertx.vertx(options);
        return (Vertx) Proxy.newProxyInstance(HttpServerHooks.class.getClassLoader(), new Class<?>[] {VertxInternal.class},
                (proxy, method, args) -> isCreateHttpServer(method)
                        ? createHttpServer(real, args == null ? new HttpServerOptions() : (HttpServerOptions) args[0], timeouts)
                        : handOn(real, method, args));
    }

    /**
     * Closes the instance when the Camel context stops. Camel closes only a Vert.x instance it made itself; this one is
     * the gateway's. Added as a service before the HTTP servers are, it stops after them.
     */
    public static Service closing(Vertx vertx) {
        return new ServiceSupport() {
            @Override
            protected void doStop() throws Exception {
                vertx.close().toCompletionStage().toCompletableFuture().get(CLOSE_SECONDS, TimeUnit.SECONDS);
            }
        };
    }

    private static boolean isCreateHttpServer(Method method) {
        return method.getName().equals("createHttpServer");
    }

    private static HttpServer createHttpServer(Vertx real, HttpServerOptions requested, ClientTimeouts timeouts) {
        // Clear-text HTTP/2 (an h2c upgrade or prior knowledge) would bypass the HTTP/1.1 decoder and the clocks below;
        // no caller needs it on a plain port.
        HttpServerOptions options = new HttpServerOptions(requested).setHttp2ClearTextEnabled(false);
        HttpServer server = real.createHttpServer(options);
        server.invalidRequestHandler(StrictFraming.invalidRequestAnswer());
        server.connectionHandler(connection -> secure(connection, options, timeouts));
        return server;
    }

    /** Called on the connection's event loop once Vert.x has built its pipeline, before any request is read. */
    private static void secure(HttpConnection connection, HttpServerOptions options, ClientTimeouts timeouts) {
        if (connection instanceof ConnectionBase base && base.channel().pipeline().get(ClientTimeouts.ENCODER) != null) {
            StrictFraming.install(base.channel().pipeline(), options);
            timeouts.install(base.channel().pipeline());
        } else {
            // not the HTTP/1.1 pipeline these hooks know (a Vert.x upgrade changed it?): serve nothing unprotected
            connection.close();
        }
    }

    private static Object handOn(Vertx real, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(real, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
