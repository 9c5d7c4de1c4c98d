package io.mcpgateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgateway.http.GatewayExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Validates a call's arguments against the tool's published input schema, when the session's tool list is known. */
public class CheckToolArguments implements Processor {

    private final ToolListCache toolLists;
    private final ToolSchemaValidator validator;

    public CheckToolArguments(ToolListCache toolLists, ToolSchemaValidator validator) {
        this.toolLists = toolLists;
        this.validator = validator;
    }

    @Override
    public void process(Exchange exchange) {
        String sessionId = exchange.getProperty(GatewayExchange.SESSION_ID, String.class);
        String toolName = exchange.getProperty(GatewayExchange.TOOL_NAME, String.class);
        JsonNode arguments = exchange.getProperty(GatewayExchange.TOOL_ARGUMENTS, JsonNode.class);
        toolLists.inputSchema(sessionId, toolName).ifPresent(schema -> validator.validate(schema, arguments));
    }
}
