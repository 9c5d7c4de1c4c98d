package io.mcpgateway.upstream;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.upstream.federation.ToolNames;
import io.mcpgateway.upstream.federation.ToolPolicy;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The upstream MCP servers by name, with the names and the policy under which callers see their tools. Without an
 * upstreams file it holds one entry, {@value #DEFAULT}, built from the {@code MCP_*} settings, and no policy. A reload
 * of the file replaces the whole {@link Federation} at once: a request looks its upstream up when it needs it, so new
 * requests see the new one. An exchange goes to the upstream its {@link GatewayExchange#UPSTREAM_NAME} property names,
 * or to the only one. The route steps that depend on the upstream are bound through {@link #step}, so that a route
 * never names one.
 */
public final class UpstreamRegistry {

    /** The upstream built from the {@code MCP_*} settings. */
    public static final String DEFAULT = "default";

    /** A step that acts for the exchange's upstream. */
    @FunctionalInterface
    public interface UpstreamStep {
        void process(Upstream upstream, Exchange exchange) throws Exception;
    }

    /**
     * The upstreams at one moment, in the file's order, and how their tools are exposed.
     *
     * @param policed whether an upstreams file is in use: the gateway then answers unknown and denied tools itself,
     *                from the tool lists; without one, every call goes to the one upstream as it always did
     */
    public record Federation(Map<String, Upstream> byName, ToolNames names, ToolPolicy policy, boolean policed) {

        public Federation {
            if (byName.isEmpty()) {
                throw new IllegalArgumentException("No upstream MCP server is configured");
            }
            byName = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byName));
        }

        public List<Upstream> upstreams() {
            return List.copyOf(byName.values());
        }

        /** Several upstreams: names are prefixed and lists merged. */
        public boolean several() {
            return byName.size() > 1;
        }

        /** The first upstream's name: the only one when there is one. */
        public String first() {
            return byName.keySet().iterator().next();
        }
    }

    private volatile Federation current;
    /** Entries a reload removed or replaced, kept to end the upstream sessions still open with them. */
    private final Map<String, Upstream> retired = new ConcurrentHashMap<>();

    public UpstreamRegistry(Federation federation) {
        this.current = federation;
    }

    public Federation federation() {
        return current;
    }

    /** Applies a reloaded file; returns the entries no longer in use (removed, or replaced by a changed one). */
    public synchronized List<Upstream> replace(Federation next) {
        Federation previous = current;
        List<Upstream> gone = previous.upstreams().stream()
                .filter(old -> next.byName().get(old.name()) != old).toList();
        // retired before the swap: a request that looks a removed upstream up in between still finds it
        gone.forEach(old -> retired.put(old.name(), old));
        current = next;
        next.byName().keySet().forEach(retired::remove); // a name configured again is looked up in current
        return gone;
    }

    /** @throws IllegalArgumentException for a name no upstream has */
    public Upstream get(String name) {
        Upstream upstream = current.byName().get(name);
        if (upstream == null) {
            upstream = retired.get(name);
        }
        if (upstream == null) {
            throw new IllegalArgumentException("No upstream is named " + name);
        }
        return upstream;
    }

    public Collection<Upstream> all() {
        return current.byName().values();
    }

    /**
     * The upstream the exchange is for. The entry is pinned on the exchange at its first lookup, so that a request
     * in flight across a reload keeps one entry throughout: the breaker it entered, the call slot it took, the
     * client and reader of the same settings.
     */
    public Upstream of(Exchange exchange) {
        String name = nameOf(exchange);
        Upstream pinned = exchange.getProperty(PINNED, Upstream.class);
        if (pinned != null && pinned.name().equals(name)) {
            return pinned;
        }
        Upstream upstream = get(name);
        pin(exchange, upstream);
        return upstream;
    }

    /** The exchange goes to this very entry (one a reload took out, to end its sessions with its own client). */
    public static void pin(Exchange exchange, Upstream upstream) {
        exchange.setProperty(PINNED, upstream);
    }

    private static final String PINNED = "gatewayUpstreamEntry";

    /** The name of the upstream the exchange is for: the one it names, else the first configured. */
    public String nameOf(Exchange exchange) {
        String name = exchange.getProperty(GatewayExchange.UPSTREAM_NAME, String.class);
        return name != null ? name : current.first();
    }

    /** A route step that runs for the exchange's upstream, and names it on the exchange for the steps after it. */
    public Processor step(UpstreamStep step) {
        return exchange -> {
            Upstream upstream = of(exchange);
            exchange.setProperty(GatewayExchange.UPSTREAM_NAME, upstream.name());
            step.process(upstream, exchange);
        };
    }
}
