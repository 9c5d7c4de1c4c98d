package io.mcpgateway.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Promise;
import io.vertx.core.impl.VertxInternal;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs where each HTTP server really listens: the address its host setting resolved to when it bound (through Vert.x's
 * own resolver, as the server did) and the port it bound. Camel's "HTTP endpoints summary" prints {@code 0.0.0.0}
 * whatever the server bound (its logger is quiet in logback.xml), which tells an operator the gateway is exposed when
 * it is not, or hides which address it is exposed on.
 */
public class LogListeningAddresses implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(LogListeningAddresses.class);
    private static final long RESOLVE_SECONDS = 5;

    private final int serverPort;

    public LogListeningAddresses(int serverPort) {
        this.serverPort = serverPort;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the servers are not listening yet: see onCamelContextFullyStarted
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) throws Exception {
        log("HTTP server", HttpServers.gateway(context, serverPort));
        log("Management server", HttpServers.management(context));
    }

    private static void log(String what, VertxPlatformHttpRouter router) throws Exception {
        if (router != null) {
            LOG.info("[GATEWAY] {} listening on http://{}:{}", what, literal(bound(router)), HttpServers.boundPort(router));
        }
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
