package io.mcpgateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgateway.http.GatewayExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Validates a call's arguments against the tool's published input schema. The session's tool list comes from its
 * last {@code /tools/list} (cached a minute); when there is none, it is fetched first, so validation and the
 * modern-era {@code Mcp-Param-*} headers never depend on the caller having listed the tools.
 */
public class CheckToolArguments implements Processor {

    private final ToolListCache toolLists;
    private final ToolSchemaValidator validator;
    private final java.util.function.Consumer<Exchange> fetchToolList;

    /** @param fetchToolList fills the cache with the session's tool list (best effort: a failure leaves it empty) */
    public CheckToolArguments(ToolListCache toolLists, ToolSchemaValidator validator,
                              java.util.function.Consumer<Exchange> fetchToolList) {
        this.toolLists = toolLists;
        this.validator = validator;
        this.fetchToolList = fetchToolList;
    }

    @Override
    public void process(Exchange exchange) {
        String sessionId = exchange.getProperty(GatewayExchange.SESSION_ID, String.class);
        String toolName = exchange.getProperty(GatewayExchange.TOOL_NAME, String.class);
        JsonNode arguments = exchange.getProperty(GatewayExchange.TOOL_ARGUMENTS, JsonNode.class);
        if (!toolLists.knows(sessionId) && !ToolReplies.VALIDATE_SETTINGS.equals(toolName)) {
            fetchToolList.accept(exchange);
        }
        toolLists.inputSchema(sessionId, toolName).ifPresent(schema -> validator.validate(schema, arguments));
    }
}
