package io.mcpgateway.http;

import io.vertx.core.net.impl.TCPServerBase;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Fails the start when the HTTP server, or the management server beside it, is not listening. Camel 4.18's Vert.x server only logs a WARN when it cannot
 * bind (a port in use, say) and the context then reports itself started: a gateway that listens nowhere. Vert.x 4
 * says whether a server listens only on its implementation class (its port is set even when the bind failed);
 * PackagedJarIT shows the check still works after an upgrade.
 */
public class CheckServerListening implements StartupListener {

    private final int port;

    public CheckServerListening(int port) {
        this.port = port;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the server has not started yet: see onCamelContextFullyStarted
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        requireListening("HTTP server", HttpServers.gateway(context, port));
        // without it, probes and scrapers would reach nothing, or whichever process holds the port
        requireListening("management server", HttpServers.management(context));
    }

    private static void requireListening(String what, VertxPlatformHttpRouter router) {
        if (router != null && router.getServer().getServer() instanceof TCPServerBase server && !server.isListening()) {
            throw new IllegalStateException("The " + what + " could not listen on " + router.getServer().getHost()
                    + ":" + HttpServers.boundPort(router) + " (is another process using the port?)");
        }
    }
}
