package io.mcpgateway.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.http.LimitBodySize;
import io.mcpgateway.session.GatewaySession;
import io.mcpgateway.upstream.UpstreamRegistry;
import io.mcpgateway.upstream.UpstreamRegistry.Federation;
import io.mcpgateway.upstream.federation.ExposedTool;
import io.mcpgateway.upstream.federation.ToolNames;
import io.mcpgateway.upstream.federation.ToolRef;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstreams' tools as a caller sees them: under their exposed names ({@link ToolNames}), and only those the
 * session's principal may use ({@code ToolPolicy}). Lists are filtered with {@link #visible}; a call's name is
 * turned back into its upstream and original name by {@link #resolve}, and a tool outside the list the caller could
 * see (unknown, denied, or one of two that wanted one name) gets exactly the answer of an unknown tool.
 */
public final class ExposedTools {

    /** Where a renamed tool says what it is upstream. */
    public static final String ORIGIN_META = "io.mcpgateway/upstream";
    private static final Logger LOG = LoggerFactory.getLogger("io.mcpgateway.upstream");
    /** Collisions logged so far, by name: each is logged and counted once (bounded: names come from upstreams). */
    private static final int MAX_REPORTED = 1_000;

    private final UpstreamRegistry upstreams;
    private final ToolListCache toolLists;
    private final FetchToolList fetchToolList;
    private final Consumer<String> collisionCounted;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    /** @param collisionCounted counts a collision, by upstream */
    public ExposedTools(UpstreamRegistry upstreams, ToolListCache toolLists, FetchToolList fetchToolList,
                        Consumer<String> collisionCounted) {
        this.upstreams = upstreams;
        this.toolLists = toolLists;
        this.fetchToolList = fetchToolList;
        this.collisionCounted = collisionCounted;
    }

    /**
     * The tools of one upstream's list the session may see, in the upstream's order, each under its exposed name; a
     * renamed one carries its origin in {@code _meta}.
     */
    public List<Visible> visible(Federation federation, GatewaySession session, String upstream, ArrayNode tools) {
        ToolNames.Listing listing = listing(federation, upstream, tools);
        Map<String, Object> claims = session.claims();
        List<Visible> visible = new ArrayList<>();
        for (JsonNode tool : tools) {
            ExposedTool exposed = named(tool) ? federation.names().expose(new ToolRef(upstream, tool.get("name").asText()))
                    : null;
            // a name left in the listing has exactly one claimant: this tool
            if (exposed == null || !listing.byName().containsKey(exposed.name())
                    || !federation.policy().isVisible(claims, upstream, exposed.origin().tool())) {
                continue;
            }
            ObjectNode copy = ((ObjectNode) tool).deepCopy();
            if (!exposed.name().equals(exposed.origin().tool())) {
                copy.put("name", exposed.name());
                JsonNode meta = copy.get("_meta");
                if (meta == null || meta.isObject()) {
                    copy.with("_meta").putObject(ORIGIN_META).put("upstream", upstream)
                            .put("tool", exposed.origin().tool());
                }
            }
            visible.add(new Visible(exposed, copy));
        }
        return visible;
    }

    /** A tool a caller may see: its names, and its description as the caller gets it. */
    public record Visible(ExposedTool exposed, ObjectNode tool) {
    }

    /** The exposed names of an upstream's tools (entries that are not a named tool have none); collisions reported. */
    private ToolNames.Listing listing(Federation federation, String upstream, ArrayNode tools) {
        List<ToolRef> refs = new ArrayList<>();
        tools.forEach(tool -> {
            if (named(tool)) {
                refs.add(new ToolRef(upstream, tool.get("name").asText()));
            }
        });
        ToolNames.Listing listing = federation.names().list(refs);
        listing.collisions().forEach(this::report);
        return listing;
    }

    private static boolean named(JsonNode tool) {
        return tool.isObject() && tool.path("name").isTextual();
    }

    /**
     * A call's tool: names its upstream and the tool's original name on the exchange ({@code UPSTREAM_NAME},
     * {@code UPSTREAM_TOOL}) and in the upstream request. Without an upstreams file every name goes to the one upstream
     * unchanged, for it to judge, as the gateway always did; with one, the name must be in the list the caller could
     * see (fetched first when the session has none).
     */
    public void resolve(Exchange exchange) {
        String name = exchange.getProperty(GatewayExchange.TOOL_NAME, String.class);
        if (ToolNames.GATEWAY_TOOL.equals(name)) {
            return;
        }
        Federation federation = upstreams.federation();
        String upstream = federation.several() ? prefixOf(name, federation) : federation.first();
        exchange.setProperty(GatewayExchange.UPSTREAM_NAME, upstream);
        String tool = federation.policed() ? visibleTool(exchange, federation, upstream, name) : name;
        exchange.setProperty(GatewayExchange.UPSTREAM_TOOL, tool);
        ((ObjectNode) exchange.getProperty(GatewayExchange.UPSTREAM_PARAMS, JsonNode.class)).put("name", tool);
        LimitBodySize.check(exchange, upstreams.of(exchange).definition().maxRequestSizeKb() * 1024);
    }

    private static String prefixOf(String name, Federation federation) {
        int cut = name.indexOf(ToolNames.SEPARATOR);
        String upstream = cut > 0 ? name.substring(0, cut) : null;
        if (upstream == null || !federation.byName().containsKey(upstream)) {
            throw unknown(name);
        }
        return upstream;
    }

    private String visibleTool(Exchange exchange, Federation federation, String upstream, String name) {
        String sessionId = exchange.getProperty(GatewayExchange.SESSION_ID, String.class);
        Map<String, Object> claims = exchange.getProperty(GatewayExchange.SESSION, GatewaySession.class).claims();
        Optional<ArrayNode> list = toolLists.knows(sessionId, upstream) ? toolLists.tools(sessionId, upstream)
                : Optional.ofNullable(fetchToolList.fetch(exchange).value());
        if (list.isPresent()) {
            ExposedTool exposed = listing(federation, upstream, list.get()).byName().get(name);
            if (exposed == null || !federation.policy().isVisible(claims, upstream, exposed.origin().tool())) {
                throw unknown(name);
            }
            return exposed.origin().tool();
        }
        // the list cannot be had (the upstream is failing): the name is taken as it reads, a name no tool could be
        // exposed under is unknown, and the policy still decides; the call then meets the upstream's own answer
        String original = federation.several() ? name.substring(upstream.length() + ToolNames.SEPARATOR.length()) : name;
        if (!federation.names().expose(new ToolRef(upstream, original)).name().equals(name)
                || !federation.policy().isVisible(claims, upstream, original)) {
            throw unknown(name);
        }
        return original;
    }

    /** What an unknown tool gets, and so every tool the caller may not see. */
    static GatewayException unknown(String name) {
        return new GatewayException(ErrorType.TOOL_ERROR, "Unknown tool: " + name);
    }

    private void report(ToolNames.Collision collision) {
        String upstream = collision.origins().get(0).upstream();
        if (reported.size() < MAX_REPORTED && reported.add(upstream + ' ' + collision.name())) {
            collisionCounted.accept(upstream);
            LOG.warn("[MCP CLIENT] Tools left out: {} of upstream {} want the name {} (or it is the gateway's own)",
                    collision.origins().size(), upstream, collision.name());
        }
    }
}
