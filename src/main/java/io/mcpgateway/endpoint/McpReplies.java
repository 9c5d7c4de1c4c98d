package io.mcpgateway.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.http.JsonReply;
import io.mcpgateway.tools.ParseToolRequest;
import org.apache.camel.Exchange;

/**
 * The MCP endpoint's rendering of the shared steps: they write the REST answer, whose body is the MCP result itself,
 * and this wraps it in the JSON-RPC response to the client's request.
 */
public final class McpReplies {

    private McpReplies() {
    }

    /** Reads the message; a notification is routed as "notification", whatever its method. */
    public static void readMessage(Exchange exchange) {
        McpMessage message = McpMessage.read(exchange.getMessage().getBody(byte[].class));
        exchange.setProperty(GatewayExchange.MCP_MESSAGE, message);
        exchange.setProperty(GatewayExchange.MCP_METHOD, message.isNotification() ? "notification" : message.method());
    }

    /** {@code tools/list} and {@code tools/call}: their params checked as the REST API checks its body. */
    public static void prepareToolRequest(Exchange exchange) {
        McpMessage message = exchange.getProperty(GatewayExchange.MCP_MESSAGE, McpMessage.class);
        exchange.setProperty(GatewayExchange.UPSTREAM_METHOD, message.method());
        ParseToolRequest.prepare(exchange, message.params());
    }

    /**
     * The shared steps' answer (a 200 whose body is the MCP result, JSON the gateway itself wrote) as the JSON-RPC
     * response, set around it as text rather than parsed again.
     */
    public static void wrapResult(Exchange exchange) {
        String result = exchange.getMessage().getBody(String.class);
        JsonReply.write(exchange, 200, "{\"jsonrpc\":\"2.0\",\"id\":" + McpSessions.idOf(exchange) + ",\"result\":" + result + "}");
    }

    public static void pong(Exchange exchange) {
        writeResult(exchange, JsonNodeFactory.instance.objectNode());
    }

    /** A notification is accepted with 202 and no body (notifications/initialized, cancelled, ...). */
    public static void accepted(Exchange exchange) {
        JsonReply.write(exchange, 202, null);
    }

    public static void unknownMethod(Exchange exchange) {
        throw new GatewayException(ErrorType.UNKNOWN_METHOD, "Method not found");
    }

    /** GET would open a stream of server-initiated messages, which the gateway does not offer (405, as MCP allows). */
    public static void refuseStream(Exchange exchange) {
        throw GatewayException.methodNotAllowed("POST, DELETE");
    }

    static void writeResult(Exchange exchange, JsonNode result) {
        ObjectNode response = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
        response.set("id", McpSessions.idOf(exchange));
        response.set("result", result);
        JsonReply.write(exchange, 200, response.toString());
    }
}
