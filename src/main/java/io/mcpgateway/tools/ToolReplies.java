package io.mcpgateway.tools;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgateway.error.ErrorCatalog;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.http.JsonReply;
import io.mcpgateway.logging.LogSanitizer;
import io.mcpgateway.upstream.jsonrpc.JsonRpcReply;
import org.apache.camel.Exchange;

/**
 * Turns upstream answers into caller answers: results as the upstream gave them (a tool's own {@code isError} result
 * is still a 200), JSON-RPC errors mapped to the catalog, and the gateway's own {@code validate_settings} tool.
 */
public class ToolReplies {

    public static final String VALIDATE_SETTINGS = "validate_settings";
    static final int MAX_TOOL_ERROR_LENGTH = 500;
    private static final int INVALID_PARAMS = -32602;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ToolListCache toolLists;

    public ToolReplies(ToolListCache toolLists) {
        this.toolLists = toolLists;
    }

    /** {@code /tools/list}: the upstream's result, remembered for validation, with {@code validate_settings} added. */
    public void toolList(Exchange exchange) throws JsonProcessingException {
        JsonNode result = resultOf(exchange);
        ArrayNode tools = result.get("tools") instanceof ArrayNode list ? list : null;
        if (tools == null) {
            throw new GatewayException(ErrorType.UPSTREAM_ERROR, "Invalid answer from the MCP server");
        }
        // tools whose header declarations cannot be honoured are not offered (nor remembered for validation)
        for (var iterator = tools.elements(); iterator.hasNext(); ) {
            if (!ToolHeaders.declarationsUsable(iterator.next())) {
                iterator.remove();
            }
        }
        JsonNode params = exchange.getProperty(GatewayExchange.UPSTREAM_PARAMS, JsonNode.class);
        toolLists.put(exchange.getProperty(GatewayExchange.SESSION_ID, String.class), tools,
                params == null || !params.has("cursor"));
        boolean listed = false;
        for (JsonNode tool : tools) {
            listed |= VALIDATE_SETTINGS.equals(tool.path("name").asText());
        }
        if (!listed) {
            ObjectNode tool = tools.addObject().put("name", VALIDATE_SETTINGS)
                    .put("description", "Checks the session's API credentials against the user's API.");
            tool.putObject("inputSchema").put("type", "object").putObject("properties");
        }
        JsonReply.write(exchange, 200, JSON.writeValueAsString(result));
    }

    /**
     * {@code /tools/call}: the upstream's CallToolResult as it is, with the notifications the server sent before it
     * (progress, log messages) under {@code _meta["io.mcpgateway/notifications"]}, MCP's place for additions.
     */
    public void toolResult(Exchange exchange) throws JsonProcessingException {
        ObjectNode result = (ObjectNode) resultOf(exchange);
        String token = exchange.getProperty(GatewayExchange.PROGRESS_TOKEN, String.class);
        List<JsonNode> relayed = exchange.getProperty(GatewayExchange.UPSTREAM_REPLY, JsonRpcReply.class)
                .notifications().stream().filter(n -> isForThisCall(n, token)).toList();
        JsonNode meta = result.get("_meta");
        if (!relayed.isEmpty() && (meta == null || meta.isObject())) {
            ArrayNode kept = result.with("_meta").putArray(NOTIFICATIONS);
            relayed.forEach(n -> {
                ObjectNode copy = kept.addObject().put("method", n.path("method").asText());
                if (n.has("params")) {
                    copy.set("params", n.get("params"));
                }
            });
        }
        JsonReply.write(exchange, 200, JSON.writeValueAsString(result));
    }

    /** Log messages, and progress reported under this call's own token. */
    private static boolean isForThisCall(JsonNode notification, String progressToken) {
        return switch (notification.path("method").asText()) {
            case "notifications/message" -> true;
            case "notifications/progress" -> progressToken != null
                    && progressToken.equals(notification.at("/params/progressToken").asText(null));
            default -> false;
        };
    }

    public static final String NOTIFICATIONS = "io.mcpgateway/notifications";

    /** {@code validate_settings} passed: the seed's success shape in a text content item. */
    public void settingsValid(Exchange exchange) throws JsonProcessingException {
        replyText(exchange, "{\"status\":\"success\"}", false);
    }

    /** {@code validate_settings} failed: the seed's error shape, from the catalog answer of the probe's failure. */
    public void settingsInvalid(Exchange exchange) throws JsonProcessingException {
        ErrorCatalog.Answer answer = ErrorCatalog.classify(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        ObjectNode seed = JSON.createObjectNode().put("error", answer.message())
                .put("error_type", answer.type().name()).put("status", "error");
        replyText(exchange, JSON.writeValueAsString(seed), true);
    }

    private static void replyText(Exchange exchange, String text, boolean isError) throws JsonProcessingException {
        ObjectNode result = JSON.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", text);
        result.put("isError", isError);
        JsonReply.write(exchange, 200, JSON.writeValueAsString(result));
    }

    /** The upstream reply's result object; a JSON-RPC error or a missing result fails with its catalog answer. */
    public static JsonNode resultOf(Exchange exchange) {
        JsonNode response = exchange.getProperty(GatewayExchange.UPSTREAM_REPLY, JsonRpcReply.class).response();
        JsonNode error = response.get("error");
        if (error != null) {
            throw rpcError(error);
        }
        JsonNode result = response.get("result");
        if (result == null || !result.isObject()) {
            throw new GatewayException(ErrorType.UPSTREAM_ERROR, "Invalid answer from the MCP server");
        }
        return result;
    }

    /** Invalid params (including an unknown tool) is the caller's mistake; anything else is the upstream's. */
    static GatewayException rpcError(JsonNode error) {
        if (error.path("code").asInt() == INVALID_PARAMS) {
            String message = LogSanitizer.sanitize(error.path("message").asText("Invalid parameters"))
                    .replaceAll("\\p{Cntrl}", " ");
            if (message.length() > MAX_TOOL_ERROR_LENGTH) {
                message = message.substring(0, MAX_TOOL_ERROR_LENGTH);
            }
            return new GatewayException(ErrorType.TOOL_ERROR, message);
        }
        return new GatewayException(ErrorType.UPSTREAM_ERROR, "The MCP server reported an error");
    }
}
