package io.mcpgateway.tools;

import java.time.Duration;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.upstream.McpMethods;
import io.mcpgateway.upstream.jsonrpc.JsonRpcReply;
import org.apache.camel.Exchange;

/**
 * Fills the tool-list cache for a call whose session has none: every page of {@code tools/list} (at most
 * {@link #MAX_PAGES}), within the call's own deadline, tools with unusable header declarations left out. Best effort:
 * when the list cannot be had, the session is remembered with an empty list for the cache's lifetime, so its calls
 * go on unvalidated, for the upstream to judge, without each of them asking a failing upstream again.
 */
public final class FetchToolList implements Consumer<Exchange> {

    /** See FixedLimit.TOOL_LIST_PAGES, which documents it. */
    public static final int MAX_PAGES = 10;

    private final ToolListCache toolLists;
    private final Duration requestTimeout;
    private final Consumer<Exchange> callUpstreamInSession;

    /** @param callUpstreamInSession runs {@code call-upstream-in-session} on the exchange given */
    public FetchToolList(ToolListCache toolLists, Duration requestTimeout, Consumer<Exchange> callUpstreamInSession) {
        this.toolLists = toolLists;
        this.requestTimeout = requestTimeout;
        this.callUpstreamInSession = callUpstreamInSession;
    }

    @Override
    public void accept(Exchange calling) {
        String sessionId = calling.getProperty(GatewayExchange.SESSION_ID, String.class);
        // the pages are fetched for this call: they and the call itself share its one deadline (each copy below
        // would otherwise start a deadline of its own, and a call could last eleven request timeouts)
        if (!calling.getProperties().containsKey(GatewayExchange.UPSTREAM_DEADLINE_NANOS)) {
            calling.setProperty(GatewayExchange.UPSTREAM_DEADLINE_NANOS, System.nanoTime() + requestTimeout.toNanos());
        }
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            Exchange listing = calling.copy();
            ObjectNode params = JsonNodeFactory.instance.objectNode();
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            listing.setProperty(GatewayExchange.UPSTREAM_METHOD, McpMethods.LIST_TOOLS);
            listing.setProperty(GatewayExchange.UPSTREAM_PARAMS, params);
            callUpstreamInSession.accept(listing);
            calling.setProperty(GatewayExchange.UPSTREAM_ERA, listing.getProperty(GatewayExchange.UPSTREAM_ERA));
            JsonRpcReply reply = listing.getProperty(GatewayExchange.UPSTREAM_REPLY, JsonRpcReply.class);
            if (listing.getException() != null || reply == null || !reply.response().path("result").path("tools").isArray()) {
                if (page == 0) {
                    toolLists.put(sessionId, JsonNodeFactory.instance.arrayNode(), true);
                }
                return;
            }
            JsonNode result = reply.response().get("result");
            ArrayNode usable = JsonNodeFactory.instance.arrayNode();
            result.get("tools").forEach(tool -> {
                if (ToolHeaders.declarationsUsable(tool)) {
                    usable.add(tool);
                }
            });
            toolLists.put(sessionId, usable, page == 0);
            cursor = result.path("nextCursor").asText(null);
            if (cursor == null) {
                return;
            }
        }
    }
}
