package io.mcpgateway.upstream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mcpgateway.http.GatewayExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The upstream MCP servers by name. An exchange goes to the upstream its {@link GatewayExchange#UPSTREAM_NAME}
 * property names, or to the default one; today the registry holds that one entry, built from the {@code MCP_*}
 * settings. The route steps that depend on the upstream are bound through {@link #step}, so that a route never
 * names one.
 */
public final class UpstreamRegistry {

    /** The upstream built from the {@code MCP_*} settings. */
    public static final String DEFAULT = "default";

    /** A step that acts for the exchange's upstream. */
    @FunctionalInterface
    public interface UpstreamStep {
        void process(Upstream upstream, Exchange exchange) throws Exception;
    }

    private final Map<String, Upstream> byName = new LinkedHashMap<>();
    private final Upstream fallback;

    public UpstreamRegistry(List<Upstream> upstreams) {
        upstreams.forEach(upstream -> {
            if (byName.putIfAbsent(upstream.name(), upstream) != null) {
                throw new IllegalArgumentException("Two upstreams are named " + upstream.name());
            }
        });
        if (byName.isEmpty()) {
            throw new IllegalArgumentException("No upstream MCP server is configured");
        }
        fallback = byName.getOrDefault(DEFAULT, upstreams.get(0));
    }

    /** @throws IllegalArgumentException for a name no upstream has */
    public Upstream get(String name) {
        Upstream upstream = byName.get(name);
        if (upstream == null) {
            throw new IllegalArgumentException("No upstream is named " + name);
        }
        return upstream;
    }

    /** The upstream the exchange is for. */
    public Upstream of(Exchange exchange) {
        String name = exchange.getProperty(GatewayExchange.UPSTREAM_NAME, String.class);
        return name == null ? fallback : get(name);
    }

    /** A route step that runs for the exchange's upstream. */
    public Processor step(UpstreamStep step) {
        return exchange -> step.process(of(exchange), exchange);
    }
}
