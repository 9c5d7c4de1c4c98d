package io.mcpgateway.endpoint;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.security.InitRequest;
import io.mcpgateway.session.SessionIds;
import org.apache.camel.Exchange;

/**
 * Legacy-era MCP sessions on {@code /mcp}. {@code initialize} becomes an {@code /init} with the configured users' API
 * ({@code MCP_ENDPOINT_API_URL}) and the presented token, under a session id the gateway mints: the same proof of the
 * credentials before any upstream session, the same store, limits, idle TTL, lifetime and re-validation. Later
 * requests name it in {@code Mcp-Session-Id}; the id is bound to the token that opened it.
 */
public class McpSessions {

    public static final String SESSION_HEADER = "Mcp-Session-Id";
    /** Offered when the client asks for a version the gateway does not speak. */
    public static final String LATEST_VERSION = "2025-11-25";
    public static final List<String> VERSIONS = List.of(LATEST_VERSION, "2025-06-18", "2025-03-26");
    private static final String VERSION = "gatewayMcpProtocolVersion";
    private static final int SESSION_ID_BYTES = 32;

    private final SecureRandom random = new SecureRandom();
    private final String apiUrl;

    public McpSessions(String apiUrl) {
        this.apiUrl = apiUrl;
    }

    /** {@code initialize}: a fresh session id, and the /init request the shared steps open the session from. */
    public void begin(Exchange exchange) {
        McpMessage message = exchange.getProperty(GatewayExchange.MCP_MESSAGE, McpMessage.class);
        String asked = message.params().path("protocolVersion").asText("");
        exchange.setProperty(VERSION, VERSIONS.contains(asked) ? asked : LATEST_VERSION);
        byte[] bytes = new byte[SESSION_ID_BYTES];
        random.nextBytes(bytes);
        String sessionId = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        exchange.setProperty(GatewayExchange.SESSION_ID, sessionId);
        exchange.setProperty(GatewayExchange.INIT_REQUEST,
                InitRequest.of(sessionId, apiUrl, exchange.getProperty(AdmitMcpRequest.TOKEN, String.class)));
    }

    /** The InitializeResult, with the new session's id in {@code Mcp-Session-Id}. */
    public void replyInitialized(Exchange exchange) {
        ObjectNode result = JsonNodeFactory.instance.objectNode()
                .put("protocolVersion", exchange.getProperty(VERSION, String.class));
        result.putObject("capabilities").putObject("tools").put("listChanged", false);
        result.putObject("serverInfo").put("name", "mcp-gateway").put("version", serverVersion());
        McpReplies.writeResult(exchange, result);
        exchange.getMessage().setHeader(SESSION_HEADER, exchange.getProperty(GatewayExchange.SESSION_ID, String.class));
    }

    /**
     * A request after {@code initialize}: its {@code Mcp-Session-Id} (400 without one, 404 for one of no session) and a
     * supported {@code MCP-Protocol-Version} when it sends one. The owner's token is checked next.
     */
    public void nameSession(Exchange exchange) {
        String sessionId = exchange.getMessage().getHeader(SESSION_HEADER, String.class);
        if (sessionId == null || sessionId.isEmpty()) {
            throw new GatewayException(ErrorType.INVALID_REQUEST,
                    "Mcp-Session-Id header is required: send initialize first");
        }
        String version = exchange.getMessage().getHeader("MCP-Protocol-Version", String.class);
        if (version != null && !VERSIONS.contains(version)) {
            throw new GatewayException(ErrorType.INVALID_REQUEST, "Unsupported MCP-Protocol-Version");
        }
        try {
            exchange.setProperty(GatewayExchange.SESSION_ID, SessionIds.requireValid(sessionId));
        } catch (GatewayException malformed) {
            throw new GatewayException(ErrorType.SESSION_NOT_FOUND, "Session not found or expired");
        }
    }

    private static String serverVersion() {
        String version = McpSessions.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    static JsonNode idOf(Exchange exchange) {
        McpMessage message = exchange.getProperty(GatewayExchange.MCP_MESSAGE, McpMessage.class);
        return message == null || message.id() == null ? JsonNodeFactory.instance.nullNode() : message.id();
    }
}
