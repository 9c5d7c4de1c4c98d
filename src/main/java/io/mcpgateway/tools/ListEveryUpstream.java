package io.mcpgateway.tools;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mcpgateway.error.ErrorCatalog;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.upstream.UpstreamFanOut;
import io.mcpgateway.upstream.UpstreamRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /tools/list} with several upstreams: every upstream's whole list (its pages followed), all at once, each
 * within its own deadline and through its own breaker, into the tool-list cache. Leaves each upstream's list, or why it
 * could not be had, in {@link #LISTED} for {@link ToolReplies#mergedToolList}. A merged list is always complete: a
 * {@code cursor} has no meaning for it and is refused.
 */
public final class ListEveryUpstream implements Processor {

    /** Each upstream's whole list, or why it could not be had, by upstream name in the configuration's order. */
    public static final String LISTED = "gatewayToolLists";
    /** Whether several upstreams are configured now: the route then lists with this step. */
    public static final String SEVERAL = "gatewaySeveralUpstreams";
    /** The configuration the lists were asked under (a reload may come between the steps). */
    public static final String FEDERATION = "gatewayToolListFederation";
    private static final Logger LOG = LoggerFactory.getLogger("io.mcpgateway.upstream");

    private final UpstreamRegistry upstreams;
    private final UpstreamFanOut fanOut;
    private final FetchToolList fetchToolList;

    public ListEveryUpstream(UpstreamRegistry upstreams, UpstreamFanOut fanOut, FetchToolList fetchToolList) {
        this.upstreams = upstreams;
        this.fanOut = fanOut;
        this.fetchToolList = fetchToolList;
    }

    /** Names in {@link #SEVERAL} whether several upstreams are configured now. */
    public void countUpstreams(Exchange exchange) {
        exchange.setProperty(SEVERAL, upstreams.federation().several());
    }

    @Override
    public void process(Exchange exchange) {
        if (exchange.getProperty(GatewayExchange.UPSTREAM_PARAMS, JsonNode.class).has("cursor")) {
            throw new GatewayException(ErrorType.VALIDATION_ERROR,
                    "Parameter 'cursor' is not used: with several MCP servers the tool list comes whole");
        }
        UpstreamRegistry.Federation federation = upstreams.federation();
        Map<String, UpstreamFanOut.Outcome<ArrayNode>> listed = fanOut.each(exchange, federation.upstreams(),
                (upstream, listing) -> fetchToolList.fetch(listing), (upstream, late) -> { });
        listed.forEach((name, outcome) -> {
            if (outcome.failed()) {
                LOG.warn("[MCP CLIENT] The tool list of upstream {} is left out for session_id: {} ({}; request_id={})",
                        name, exchange.getProperty(GatewayExchange.SESSION_ID),
                        ErrorCatalog.classify(outcome.failure()).type(), exchange.getProperty(GatewayExchange.REQUEST_ID));
            }
        });
        exchange.setProperty(LISTED, listed);
        exchange.setProperty(FEDERATION, federation); // the names and policy the lists are merged under
    }
}
