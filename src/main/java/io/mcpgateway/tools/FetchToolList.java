package io.mcpgateway.tools;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.upstream.McpMethods;
import io.mcpgateway.upstream.UpstreamFanOut;
import io.mcpgateway.upstream.jsonrpc.JsonRpcReply;
import org.apache.camel.Exchange;

/**
 * Fills the tool-list cache for the exchange's session and upstream ({@link GatewayExchange#UPSTREAM_NAME}): every
 * page of {@code tools/list} (at most {@link #MAX_PAGES}), within the exchange's own deadline, tools with unusable
 * header declarations left out. For a call whose session has no list yet, and for each upstream of a merged
 * {@code /tools/list}. When the list cannot be had, that is remembered for the cache's lifetime, so calls go on
 * unvalidated, for the upstream to judge, without each of them asking a failing upstream again.
 */
public final class FetchToolList {

    /** See FixedLimit.TOOL_LIST_PAGES, which documents it. */
    public static final int MAX_PAGES = 10;

    private final ToolListCache toolLists;
    private final Function<Exchange, Duration> requestTimeout;
    private final Consumer<Exchange> callUpstreamInSession;

    /**
     * @param requestTimeout        the request timeout of the exchange's upstream
     * @param callUpstreamInSession runs {@code call-upstream-in-session} on the exchange given
     */
    public FetchToolList(ToolListCache toolLists, Function<Exchange, Duration> requestTimeout,
                         Consumer<Exchange> callUpstreamInSession) {
        this.toolLists = toolLists;
        this.requestTimeout = requestTimeout;
        this.callUpstreamInSession = callUpstreamInSession;
    }

    /** @return the whole list had (as cached), or why it could not be had (the first page's failure) */
    public UpstreamFanOut.Outcome<ArrayNode> fetch(Exchange calling) {
        String sessionId = calling.getProperty(GatewayExchange.SESSION_ID, String.class);
        String upstream = calling.getProperty(GatewayExchange.UPSTREAM_NAME, String.class);
        // the pages are fetched for this call: they and the call itself share its one deadline (each copy below
        // would otherwise start a deadline of its own, and a call could last eleven request timeouts)
        if (!calling.getProperties().containsKey(GatewayExchange.UPSTREAM_DEADLINE_NANOS)) {
            calling.setProperty(GatewayExchange.UPSTREAM_DEADLINE_NANOS, System.nanoTime()
                    + requestTimeout.apply(calling).toNanos());
        }
        String cursor = null;
        ArrayNode all = JsonNodeFactory.instance.arrayNode();
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
                if (page > 0) {
                    return new UpstreamFanOut.Outcome<>(all, null); // the pages had: a later page fails nothing
                }
                toolLists.putUnavailable(sessionId, upstream);
                return new UpstreamFanOut.Outcome<>(null, listing.getException() != null ? listing.getException()
                        : reply != null && reply.isError() ? ToolReplies.rpcError(reply.response().get("error"))
                        : new GatewayException(ErrorType.UPSTREAM_ERROR, "Invalid answer from the MCP server"));
            }
            JsonNode result = reply.response().get("result");
            ArrayNode usable = JsonNodeFactory.instance.arrayNode();
            result.get("tools").forEach(tool -> {
                if (ToolHeaders.declarationsUsable(tool)) {
                    usable.add(tool);
                }
            });
            toolLists.put(sessionId, upstream, usable, page == 0);
            all.addAll(usable);
            cursor = result.path("nextCursor").asText(null);
            if (cursor == null) {
                break;
            }
        }
        return new UpstreamFanOut.Outcome<>(all, null);
    }
}
