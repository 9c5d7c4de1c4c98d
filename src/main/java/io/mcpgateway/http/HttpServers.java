package io.mcpgateway.http;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Finds the two Vert.x routers Camel Main starts: the gateway's (registered under a name made from its configured
 * port) and the management server's. Each is null when that server was not started.
 */
public final class HttpServers {

    private HttpServers() {
    }

    /** @param configuredPort the setting, not the port bound: 0 stays 0 */
    public static VertxPlatformHttpRouter gateway(CamelContext context, int configuredPort) {
        return VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(configuredPort));
    }

    public static VertxPlatformHttpRouter management(CamelContext context) {
        ManagementHttpServer management = context.hasService(ManagementHttpServer.class);
        return management == null ? null : management.getRouter();
    }

    /** The port a started server really listens on, which differs from its setting when that is 0. */
    public static int boundPort(VertxPlatformHttpRouter router) {
        return router.getServer().getPort();
    }
}
