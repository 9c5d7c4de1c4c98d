package io.mcpgateway.reuse;

import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;

import io.mcpgateway.GatewayApplication;
import io.mcpgateway.config.GatewayConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * Puts the gateway's building blocks into another Camel application, without its HTTP endpoints: the beans and
 * clients of {@link GatewayConfiguration#configureBlocks} (configured like the gateway, by the same properties and
 * environment variables, with the packaged defaults for any gateway setting the application leaves out), the
 * sub-routes that probe credentials and talk to the upstream MCP server, the error catalog (bean
 * {@code writeErrorResponse}), and the route templates of {@link GatewayTemplates}. Nothing of the gateway's own
 * server comes along: no listener on the application's HTTP router, no event notifier, no readiness check, and the
 * application's {@code camel.*} configuration is left alone. Call it before the context starts.
 */
public final class GatewayBlocks {

    /** The gateway's sub-routes (direct:), in the jar; the HTTP routes stay out. */
    static final List<String> ROUTES = List.of("error-handling", "validate-credentials", "open-upstream-session",
            "call-upstream", "call-upstream-in-session", "end-upstream-session", "refuse-server-request",
            "resume-upstream-stream");

    private GatewayBlocks() {
    }

    public static void install(CamelContext context) throws Exception {
        Properties packaged = new Properties();
        try (InputStream in = ResourceHelper.resolveMandatoryResourceAsInputStream(context,
                GatewayApplication.PACKAGED_PROPERTIES)) {
            packaged.load(in);
        }
        // the application's own value first; else the packaged one, with its {{env:NAME:default}} resolved
        Function<String, String> settings = key -> context.getPropertiesComponent().resolveProperty(key)
                .orElseGet(() -> packaged.containsKey(key) ? context.resolvePropertyPlaceholders(packaged.getProperty(key)) : null);
        // the application's meter registry if it has one; else the metrics are kept but not published
        MeterRegistry meters = context.getRegistry().lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                MeterRegistry.class);
        new GatewayConfiguration().configureBlocks(context, settings, meters != null ? meters : new SimpleMeterRegistry());
        PluginHelper.getRoutesLoader(context).loadRoutes(ROUTES.stream()
                .map(route -> ResourceHelper.resolveResource(context, "classpath:routes/" + route + ".camel.yaml"))
                .toList());
        context.addRoutes(new GatewayTemplates());
    }
}
