package io.mcpgateway.tools;

import java.util.UUID;

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
 * {@code {"cursor"}} for a list or {@code {"name","arguments"}} for a call, as the front door's MCP method
 * ({@link GatewayExchange#UPSTREAM_METHOD}) says, and prepares the upstream request.
 */
public class ParseToolRequest implements Processor {

    private static final String BODY = "gatewayToolRequestBody";

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
        prepare(exchange, exchange.getProperty(BODY, JsonNode.class));
    }

    /**
     * Checks a request's {@code name}/{@code arguments} or {@code cursor}, for the front door's MCP method, and sets
     * the exchange up for the shared steps: the REST body and an MCP request's params have the same fields.
     */
    public static void prepare(Exchange exchange, JsonNode body) {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        String method = exchange.getProperty(GatewayExchange.UPSTREAM_METHOD, String.class);
        if (McpMethods.CALL_TOOL.equals(method)) {
            String name = ToolArguments.requireToolName(body.get("name"));
            ObjectNode arguments = ToolArguments.requireArguments(body.get("arguments"));
            exchange.setProperty(GatewayExchange.TOOL_NAME, name);
            exchange.setProperty(GatewayExchange.TOOL_ARGUMENTS, arguments);
            params.put("name", name).set("arguments", arguments);
            // ask for progress under a token of the gateway's own (never a caller's value): what the server reports
            // under it is passed on to the caller with the result
            String progressToken = UUID.randomUUID().toString();
            exchange.setProperty(GatewayExchange.PROGRESS_TOKEN, progressToken);
            params.putObject("_meta").put("progressToken", progressToken);
        } else if (McpMethods.LIST_TOOLS.equals(method)) {
            JsonNode cursor = body.get("cursor");
            if (cursor != null && !cursor.isNull()) {
                if (!cursor.isTextual() || cursor.asText().length() > 1024) {
                    throw new GatewayException(ErrorType.VALIDATION_ERROR, "Parameter 'cursor' must be a string");
                }
                params.set("cursor", cursor);
            }
        } else {
            throw new IllegalStateException("A tool request's front door names no tool method");
        }
        exchange.setProperty(GatewayExchange.UPSTREAM_PARAMS, params);
    }
}
