package io.mcpgateway.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Promise;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.impl.TCPServerBase;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails the start when the HTTP server, or the management server beside it, is not listening, and else logs where each
 * really listens. Camel 4.18's Vert.x server only logs a WARN when it cannot bind (a port in use, say) and the context
 * then reports itself started: a gateway that listens nowhere. Vert.x 4 says whether a server listens only on its
 * implementation class (its port is set even when the bind failed); PackagedJarIT shows the check still works after an
 * upgrade. Camel's own "HTTP endpoints summary" prints {@code 0.0.0.0} whatever was bound (its logger is quiet in
 * logback.xml): the line here names the address the host setting resolved to, through Vert.x's resolver as when the
 * server bound it, and the port really bound.
 */
public class CheckServerListening implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(CheckServerListening.class);
    private static final long RESOLVE_SECONDS = 5;

    private final int port;

    public CheckServerListening(int port) {
        this.port = port;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the server has not started yet: see onCamelContextFullyStarted
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) throws Exception {
        requireListening("HTTP server", HttpServers.gateway(context, port));
        // without it, probes and scrapers would reach nothing, or whichever process holds the port
        requireListening("management server", HttpServers.management(context));
    }

    private static void requireListening(String what, VertxPlatformHttpRouter router) throws Exception {
        if (router == null) {
            return;
        }
        if (router.getServer().getServer() instanceof TCPServerBase server && !server.isListening()) {
            throw new IllegalStateException("The " + what + " could not listen on " + router.getServer().getHost()
                    + ":" + HttpServers.boundPort(router) + " (is another process using the port?)");
        }
        LOG.info("[GATEWAY] The {} listens on http://{}:{}", what, literal(bound(router)), HttpServers.boundPort(router));
    }

    private static InetAddress bound(VertxPlatformHttpRouter router) throws Exception {
        Promise<InetAddress> resolved = Promise.promise();
        ((VertxInternal) router.vertx()).resolveAddress(router.getServer().getHost(), resolved);
        return resolved.future().toCompletionStage().toCompletableFuture().get(RESOLVE_SECONDS, TimeUnit.SECONDS);
    }

    private static String literal(InetAddress address) {
        return address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    }
}
