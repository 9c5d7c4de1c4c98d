package io.mcpgateway.http;

import io.vertx.core.net.impl.TCPServerBase;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Fails the start when the HTTP server is not listening. Camel 4.18's Vert.x server only logs a WARN when it cannot
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
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context,
                VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router != null && router.getServer().getServer() instanceof TCPServerBase server && !server.isListening()) {
            throw new IllegalStateException("The HTTP server could not listen on " + router.getServer().getHost()
                    + ":" + port + " (is another process using the port?)");
        }
    }
}
