package io.mcpgateway.tools;

import java.util.LinkedHashMap;
import java.util.Map;

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
 * within its own deadline and through its own breaker, into the tool-list cache. Leaves each upstream's failure, or
 * null, in {@link #FAILURES} for {@link ToolReplies#mergedToolList}. A merged list is always complete: a
 * {@code cursor} has no meaning for it and is refused.
 */
public final class ListEveryUpstream implements Processor {

    public static final String FAILURES = "gatewayToolListFailures";
    private static final Logger LOG = LoggerFactory.getLogger("io.mcpgateway.upstream");

    private final UpstreamRegistry upstreams;
    private final UpstreamFanOut fanOut;
    private final FetchToolList fetchToolList;

    public ListEveryUpstream(UpstreamRegistry upstreams, UpstreamFanOut fanOut, FetchToolList fetchToolList) {
        this.upstreams = upstreams;
        this.fanOut = fanOut;
        this.fetchToolList = fetchToolList;
    }

    /** Whether several upstreams are configured now ({@link #SEVERAL}): the route then lists with this step. */
    public void countUpstreams(Exchange exchange) {
        exchange.setProperty(SEVERAL, upstreams.federation().several());
    }

    public static final String SEVERAL = "gatewaySeveralUpstreams";

    @Override
    public void process(Exchange exchange) {
        if (exchange.getProperty(GatewayExchange.UPSTREAM_PARAMS, com.fasterxml.jackson.databind.JsonNode.class)
                .has("cursor")) {
            throw new GatewayException(ErrorType.VALIDATION_ERROR,
                    "Parameter 'cursor' is not used: with several MCP servers the tool list comes whole");
        }
        Map<String, Exception> failures = new LinkedHashMap<>();
        fanOut.each(upstreams.federation().upstreams(), upstream -> {
            Exchange listing = exchange.copy();
            listing.setProperty(GatewayExchange.UPSTREAM_NAME, upstream.name());
            listing.removeProperty(GatewayExchange.UPSTREAM_DEADLINE_NANOS); // each upstream within its own
            return new UpstreamFanOut.Outcome<>(null, fetchToolList.fetch(listing));
        }).forEach((name, outcome) -> {
            failures.put(name, outcome.failure());
            if (outcome.failed()) {
                LOG.warn("[MCP CLIENT] The tool list of upstream {} is left out for session_id: {} ({}; request_id={})",
                        name, exchange.getProperty(GatewayExchange.SESSION_ID),
                        io.mcpgateway.error.ErrorCatalog.classify(outcome.failure()).type(),
                        exchange.getProperty(GatewayExchange.REQUEST_ID));
            }
        });
        exchange.setProperty(FAILURES, failures);
    }
}
