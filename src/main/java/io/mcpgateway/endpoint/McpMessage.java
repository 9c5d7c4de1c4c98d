package io.mcpgateway.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.http.StrictJson;

/**
 * One JSON-RPC 2.0 message sent to {@code /mcp}: a request (with an id) or a notification. Batches are not part of
 * MCP since 2025-06-18 and are refused; so is a response, since the gateway never asks the client anything.
 *
 * @param id     the request's id (a string or a number), or null for a notification
 * @param params the parameters, an empty object when absent
 */
public record McpMessage(JsonNode id, String method, ObjectNode params) {

    private static final int MAX_METHOD_LENGTH = 128;

    public boolean isNotification() {
        return id == null;
    }

    /** The message in a request body: -32700 when it is not JSON, -32600 when it is not one JSON-RPC message. */
    public static McpMessage read(byte[] body) {
        JsonNode message;
        try {
            message = StrictJson.readObject(body);
        } catch (GatewayException notAnObject) {
            if (StrictJson.isJson(body)) {
                throw new GatewayException(ErrorType.INVALID_REQUEST,
                        "The body must be one JSON-RPC 2.0 message; batches are not supported");
            }
            throw new GatewayException(ErrorType.PARSE_ERROR, "Parse error: the body is not JSON");
        }
        if (!"2.0".equals(message.path("jsonrpc").asText(null)) || !message.path("jsonrpc").isTextual()) {
            throw invalid("The message must carry \"jsonrpc\": \"2.0\"");
        }
        JsonNode id = message.get("id");
        if (id != null && !id.isTextual() && !id.isIntegralNumber()) {
            throw invalid("A request id must be a string or an integer");
        }
        JsonNode method = message.get("method");
        if (method == null) {
            throw invalid(message.has("result") || message.has("error")
                    ? "The gateway asked nothing: responses are not accepted" : "The message has no method");
        }
        if (!method.isTextual() || method.asText().isEmpty() || method.asText().length() > MAX_METHOD_LENGTH) {
            throw invalid("The method must be a non-empty string");
        }
        JsonNode params = message.get("params");
        if (params != null && !params.isNull() && !params.isObject()) {
            throw new GatewayException(ErrorType.VALIDATION_ERROR, "params must be a JSON object");
        }
        return new McpMessage(id, method.asText(),
                params instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode());
    }

    private static GatewayException invalid(String message) {
        return new GatewayException(ErrorType.INVALID_REQUEST, message);
    }
}
