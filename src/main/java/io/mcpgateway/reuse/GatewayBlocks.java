package io.mcpgateway.reuse;

import java.util.List;

import io.mcpgateway.GatewayApplication;
import io.mcpgateway.config.GatewayConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * Puts the gateway's building blocks into another Camel application, without its HTTP endpoints: the beans and
 * clients of {@link GatewayConfiguration} (configured like the gateway, by the same properties and environment
 * variables, with the packaged defaults for anything the application leaves out), the sub-routes that probe
 * credentials and talk to the upstream MCP server, the error catalog (bean {@code writeErrorResponse}), and the route
 * templates of {@link GatewayTemplates}. Call it before the context starts.
 */
public final class GatewayBlocks {

    /** The gateway's sub-routes (direct:), in the jar; the HTTP routes stay out. */
    static final List<String> ROUTES = List.of("error-handling", "validate-credentials", "open-upstream-session",
            "call-upstream", "call-upstream-in-session", "end-upstream-session", "refuse-server-request",
            "resume-upstream-stream");

    private GatewayBlocks() {
    }

    public static void install(CamelContext context) throws Exception {
        // appended last, so it only fills in what the application's own properties do not define
        context.getPropertiesComponent().addLocation(GatewayApplication.PACKAGED_PROPERTIES);
        new GatewayConfiguration().configure(context);
        PluginHelper.getRoutesLoader(context).loadRoutes(ROUTES.stream()
                .map(route -> ResourceHelper.resolveResource(context, "classpath:routes/" + route + ".camel.yaml"))
                .toList());
        context.addRoutes(new GatewayTemplates());
    }
}
