package io.mcpgateway.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.upstream.jsonrpc.JsonRpcReply;
import org.apache.camel.Exchange;

/**
 * The legacy-era opening of an upstream session: {@code initialize} offering the newest legacy revision, a check of
 * the version the server chose, then {@code notifications/initialized}. The session id and version are kept for every
 * later request of the gateway session.
 */
public final class LegacyHandshake {

    static final String OFFERED_VERSION = "2025-11-25";
    static final List<String> ACCEPTED_VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26");

    static final String CLIENT_VERSION = projectVersion();

    private final java.util.function.Predicate<CallerSession> stillCurrent;

    /** @param stillCurrent whether a session is still the stored one (not closed, expired or replaced meanwhile) */
    public LegacyHandshake(java.util.function.Predicate<CallerSession> stillCurrent) {
        this.stillCurrent = stillCurrent;
    }
    private static final String RETRY_METHOD = "gatewayRetryMethod";
    private static final String RETRY_PARAMS = "gatewayRetryParams";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("io.mcpgateway.upstream");

    /** Step one: the initialize request, sent without any session. */
    public void prepareInitialize(Exchange exchange) {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        params.put("protocolVersion", OFFERED_VERSION);
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "mcp-gateway").put("version", CLIENT_VERSION);
        exchange.setProperty(GatewayExchange.UPSTREAM_SESSION, UpstreamRequests.NO_SESSION);
        exchange.removeProperty(GatewayExchange.UPSTREAM_RESPONSE_SESSION_ID);
        exchange.setProperty(GatewayExchange.UPSTREAM_METHOD, McpMethods.INITIALIZE);
        exchange.setProperty(GatewayExchange.UPSTREAM_PARAMS, params);
    }

    /**
     * Before a re-initialization inside a tool request: keep the request that has to be sent again. A session that
     * was replaced or ended meanwhile gets no new upstream session (nothing would ever end it): 404, init again.
     */
    public void rememberCall(Exchange exchange) {
        if (!stillCurrent.test(exchange.getProperty(GatewayExchange.SESSION, CallerSession.class))) {
            throw new GatewayException(ErrorType.SESSION_NOT_FOUND, "Session not found or expired");
        }
        exchange.setProperty(RETRY_METHOD, exchange.getProperty(GatewayExchange.UPSTREAM_METHOD));
        exchange.setProperty(RETRY_PARAMS, exchange.getProperty(GatewayExchange.UPSTREAM_PARAMS));
    }

    /** After it: the gateway session continues in the new upstream session, and the request is sent again. */
    public void adoptNewSession(Exchange exchange) {
        CallerSession session = exchange.getProperty(GatewayExchange.SESSION, CallerSession.class);
        session.replaceUpstream(exchange.getProperty(GatewayExchange.UPSTREAM_NAME, String.class),
                exchange.getProperty(GatewayExchange.UPSTREAM_SESSION, UpstreamSession.class));
        exchange.removeProperty(GatewayExchange.UPSTREAM_SESSION);
        exchange.setProperty(GatewayExchange.UPSTREAM_METHOD, exchange.removeProperty(RETRY_METHOD));
        exchange.setProperty(GatewayExchange.UPSTREAM_PARAMS, exchange.removeProperty(RETRY_PARAMS));
        LOG.info("[MCP CLIENT] Upstream session ({}) expired for session_id: {}; opened a new one (request_id={})",
                exchange.getProperty(GatewayExchange.UPSTREAM_NAME), session.sessionId(),
                exchange.getProperty(GatewayExchange.REQUEST_ID));
    }

    /** Step two: accept the server's answer and prepare the initialized notification within the new session. */
    public void acceptInitializeResult(Exchange exchange) {
        JsonRpcReply reply = exchange.getProperty(GatewayExchange.UPSTREAM_REPLY, JsonRpcReply.class);
        if (reply.isError()) {
            throw new GatewayException(ErrorType.UPSTREAM_ERROR, "The MCP server refused to initialize");
        }
        JsonNode version = reply.response().at("/result/protocolVersion");
        if (!ACCEPTED_VERSIONS.contains(version.asText())) {
            throw ProtocolEras.unsupported();
        }
        exchange.setProperty(GatewayExchange.UPSTREAM_SESSION, new UpstreamSession(
                exchange.getProperty(GatewayExchange.UPSTREAM_RESPONSE_SESSION_ID, String.class), version.asText()));
        exchange.setProperty(GatewayExchange.UPSTREAM_METHOD, McpMethods.INITIALIZED);
        exchange.removeProperty(GatewayExchange.UPSTREAM_PARAMS);
        exchange.removeProperty(GatewayExchange.UPSTREAM_REQUEST_ID);
    }

    private static String projectVersion() {
        Properties properties = new Properties();
        try (InputStream in = LegacyHandshake.class.getResourceAsStream("/io/mcpgateway/version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // the version is informative only
        }
        return properties.getProperty("version", "development");
    }
}
