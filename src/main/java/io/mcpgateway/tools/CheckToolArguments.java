package io.mcpgateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgateway.http.GatewayExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Validates a call's arguments against the input schema its upstream published for the tool. The session's tool
 * list comes from its last {@code /tools/list} (cached a minute); when there is none, it is fetched first, so
 * validation and the modern-era {@code Mcp-Param-*} headers never depend on the caller having listed the tools.
 */
public class CheckToolArguments implements Processor {

    private final ToolListCache toolLists;
    private final ToolSchemaValidator validator;
    private final FetchToolList fetchToolList;

    /** @param fetchToolList fills the cache with the session's tool list (best effort: a failure leaves it empty) */
    public CheckToolArguments(ToolListCache toolLists, ToolSchemaValidator validator, FetchToolList fetchToolList) {
        this.toolLists = toolLists;
        this.validator = validator;
        this.fetchToolList = fetchToolList;
    }

    @Override
    public void process(Exchange exchange) {
        String sessionId = exchange.getProperty(GatewayExchange.SESSION_ID, String.class);
        String upstream = exchange.getProperty(GatewayExchange.UPSTREAM_NAME, String.class);
        String tool = exchange.getProperty(GatewayExchange.UPSTREAM_TOOL, String.class);
        JsonNode arguments = exchange.getProperty(GatewayExchange.TOOL_ARGUMENTS, JsonNode.class);
        if (tool == null) {
            return; // the gateway's own validate_settings: no upstream, and an empty schema
        }
        if (!toolLists.knows(sessionId, upstream)) {
            fetchToolList.fetch(exchange);
        }
        toolLists.inputSchema(sessionId, upstream, tool).ifPresent(schema -> validator.validate(schema, arguments));
    }
}
