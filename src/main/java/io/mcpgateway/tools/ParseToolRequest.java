package io.mcpgateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.http.StrictJson;
import io.mcpgateway.session.SessionIds;
import io.mcpgateway.upstream.McpMethods;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Tool requests in two steps around authentication: {@link #process} reads the body and its {@code session_id} only,
 * so an unauthenticated caller learns nothing about the rest; {@link #checkRequest}, after authentication, checks
 * {@code {"cursor"}} for a list or {@code {"name","arguments"}} for a call and prepares the upstream method.
 */
public class ParseToolRequest implements Processor {

    private static final String BODY = "gatewayToolRequestBody";

    private final boolean call;

    private ParseToolRequest(boolean call) {
        this.call = call;
    }

    public static ParseToolRequest forList() {
        return new ParseToolRequest(false);
    }

    public static ParseToolRequest forCall() {
        return new ParseToolRequest(true);
    }

    @Override
    public void process(Exchange exchange) {
        JsonNode body = StrictJson.readObject(exchange.getMessage().getBody(byte[].class));
        String sessionId = StrictJson.optionalText(body, "session_id").orElseThrow(
                () -> new GatewayException(ErrorType.VALIDATION_ERROR, "Missing required parameter: session_id"));
        exchange.setProperty(GatewayExchange.SESSION_ID, SessionIds.requireValid(sessionId));
        exchange.setProperty(BODY, body);
    }

    /** After authentication: the rest of the request. */
    public void checkRequest(Exchange exchange) {
        JsonNode body = exchange.getProperty(BODY, JsonNode.class);
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        if (call) {
            String name = ToolArguments.requireToolName(body.get("name"));
            ObjectNode arguments = ToolArguments.requireArguments(body.get("arguments"));
            exchange.setProperty(GatewayExchange.TOOL_NAME, name);
            exchange.setProperty(GatewayExchange.TOOL_ARGUMENTS, arguments);
            params.put("name", name).set("arguments", arguments);
            // ask for progress under a token of the gateway's own (never a caller's value): what the server reports
            // under it is passed on to the caller with the result
            String progressToken = java.util.UUID.randomUUID().toString();
            exchange.setProperty(GatewayExchange.PROGRESS_TOKEN, progressToken);
            params.putObject("_meta").put("progressToken", progressToken);
            exchange.setProperty(GatewayExchange.UPSTREAM_METHOD, McpMethods.CALL_TOOL);
        } else {
            JsonNode cursor = body.get("cursor");
            if (cursor != null && !cursor.isNull()) {
                if (!cursor.isTextual() || cursor.asText().length() > 1024) {
                    throw new GatewayException(ErrorType.VALIDATION_ERROR, "Parameter 'cursor' must be a string");
                }
                params.set("cursor", cursor);
            }
            exchange.setProperty(GatewayExchange.UPSTREAM_METHOD, McpMethods.LIST_TOOLS);
        }
        exchange.setProperty(GatewayExchange.UPSTREAM_PARAMS, params);
    }
}
