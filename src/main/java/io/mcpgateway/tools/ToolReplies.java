package io.mcpgateway.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
import io.mcpgateway.session.GatewaySession;
import io.mcpgateway.upstream.UpstreamFanOut;
import io.mcpgateway.upstream.UpstreamRegistry;
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
    private final UpstreamRegistry upstreams;
    private final ExposedTools exposedTools;

    public ToolReplies(ToolListCache toolLists, UpstreamRegistry upstreams, ExposedTools exposedTools) {
        this.toolLists = toolLists;
        this.upstreams = upstreams;
        this.exposedTools = exposedTools;
    }

    /**
     * {@code /tools/list} from one upstream: its result, remembered for validation, with {@code validate_settings}
     * added. With an upstreams file, the tools the caller may not see are left out; without one the list is the
     * upstream's as it was always passed on.
     */
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
        String sessionId = exchange.getProperty(GatewayExchange.SESSION_ID, String.class);
        String upstream = upstreams.nameOf(exchange);
        toolLists.put(sessionId, upstream, tools, params == null || !params.has("cursor"));
        UpstreamRegistry.Federation federation = upstreams.federation();
        if (federation.policed()) {
            ArrayNode visible = JSON.createArrayNode();
            exposedTools.visible(federation, session(exchange), upstream, tools).forEach(tool -> visible.add(tool.tool()));
            ((ObjectNode) result).set("tools", addGatewayTool(visible));
        } else if (!lists(tools, VALIDATE_SETTINGS)) {
            addGatewayTool(tools);
        }
        JsonReply.write(exchange, 200, JSON.writeValueAsString(result));
    }

    /**
     * {@code /tools/list} from several upstreams ({@link ListEveryUpstream} fetched each one's list): the tools the
     * caller may see from those that answered, and {@code _meta["io.mcpgateway/degraded"]} naming those that did not.
     * When none answered, the first one's failure is the answer.
     */
    public void mergedToolList(Exchange exchange) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, UpstreamFanOut.Outcome<ArrayNode>> listed =
                exchange.getProperty(ListEveryUpstream.LISTED, Map.class);
        UpstreamRegistry.Federation federation =
                exchange.getProperty(ListEveryUpstream.FEDERATION, UpstreamRegistry.Federation.class);
        ArrayNode visible = JSON.createArrayNode();
        List<String> degraded = new ArrayList<>();
        Exception first = null;
        for (Map.Entry<String, UpstreamFanOut.Outcome<ArrayNode>> upstream : listed.entrySet()) {
            if (upstream.getValue().failed()) {
                degraded.add(upstream.getKey());
                first = first == null ? upstream.getValue().failure() : first;
                continue;
            }
            exposedTools.visible(federation, session(exchange), upstream.getKey(), upstream.getValue().value())
                    .forEach(tool -> visible.add(tool.tool()));
        }
        if (degraded.size() == listed.size()) {
            throw first;
        }
        ObjectNode result = JSON.createObjectNode();
        result.set("tools", addGatewayTool(visible));
        if (!degraded.isEmpty()) {
            ArrayNode names = result.putObject("_meta").putArray(DEGRADED);
            degraded.forEach(names::add);
        }
        JsonReply.write(exchange, 200, JSON.writeValueAsString(result));
    }

    private static boolean lists(ArrayNode tools, String name) {
        for (JsonNode tool : tools) {
            if (name.equals(tool.path("name").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Where a merged list names the upstreams that did not answer. */
    public static final String DEGRADED = "io.mcpgateway/degraded";

    private static ArrayNode addGatewayTool(ArrayNode tools) {
        ObjectNode tool = tools.addObject().put("name", VALIDATE_SETTINGS)
                .put("description", "Checks the session's API credentials against the user's API.");
        tool.putObject("inputSchema").put("type", "object").putObject("properties");
        return tools;
    }

    private static GatewaySession session(Exchange exchange) {
        return exchange.getProperty(GatewayExchange.SESSION, GatewaySession.class);
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
