package io.mcpgateway.upstream;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.upstream.signing.RequestSigner;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpMethods;

/**
 * Builds requests to the upstream MCP server from scratch: the Streamable HTTP headers, the upstream session's headers,
 * the gateway's own bearer credential (never the caller's), and the v1 signature when signing is on.
 */
public class UpstreamRequests {

    /** Marks a request sent outside any upstream session (initialize). */
    public static final UpstreamSession NO_SESSION = new UpstreamSession(null, null);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] NO_BODY = new byte[0];

    private final URI serverUrl;
    private final String credential;
    private final RequestSigner signer;
    private final boolean forwardUserContext;
    private final java.time.Duration sessionEndLimit;
    private final ToolSchemas toolSchemas;
    private final AtomicLong ids = new AtomicLong();

    /**
     * @param signer             null when signing is off
     * @param forwardUserContext add the session's API URL and token (settings guarantee signing and TLS or loopback)
     * @param sessionEndLimit    the whole time a session's DELETE may take (it is a courtesy, never waited for long)
     * @param toolSchemas        the tool schemas the upstreams published (modern-era {@code Mcp-Param-*} headers
     *                           mirror the arguments a schema's {@code x-mcp-header} names)
     */
    public UpstreamRequests(URI serverUrl, String credential, RequestSigner signer, boolean forwardUserContext,
                            java.time.Duration sessionEndLimit, ToolSchemas toolSchemas) {
        this.serverUrl = serverUrl;
        this.credential = credential;
        this.signer = signer;
        this.forwardUserContext = forwardUserContext && signer != null;
        this.sessionEndLimit = sessionEndLimit;
        this.toolSchemas = toolSchemas;
    }

    /** A JSON-RPC POST of the method and parameters in the exchange properties. */
    public void jsonRpc(Exchange exchange) throws JsonProcessingException {
        String method = exchange.getProperty(GatewayExchange.UPSTREAM_METHOD, String.class);
        JsonNode params = exchange.getProperty(GatewayExchange.UPSTREAM_PARAMS, JsonNode.class);
        ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0");
        exchange.removeProperty(GatewayExchange.UPSTREAM_REQUEST_ID);
        if (!method.startsWith("notifications/")) {
            LongNode id = LongNode.valueOf(ids.incrementAndGet());
            request.set("id", id);
            exchange.setProperty(GatewayExchange.UPSTREAM_REQUEST_ID, id);
        }
        request.put("method", method);
        UpstreamSession upstream = upstreamSession(exchange);
        boolean modern = ProtocolEras.isModern(upstream);
        exchange.setProperty(GatewayExchange.UPSTREAM_ERA, modern ? "modern" : "legacy");
        if (modern) {
            // the modern revision has no handshake: every request says who sends it and in which version
            ObjectNode withMeta = params == null ? JSON.createObjectNode() : ((ObjectNode) params).deepCopy();
            ObjectNode meta = withMeta.with("_meta");
            meta.put("io.modelcontextprotocol/protocolVersion", upstream.protocolVersion());
            meta.putObject("io.modelcontextprotocol/clientCapabilities");
            meta.putObject("io.modelcontextprotocol/clientInfo").put("name", "mcp-gateway")
                    .put("version", LegacyHandshake.CLIENT_VERSION);
            request.set("params", withMeta);
        } else if (params != null) {
            request.set("params", params);
        }
        prepare(exchange, "POST", JSON.writeValueAsBytes(request),
                modern ? routingHeaders(exchange, method, params) : Map.of());
    }

    /** Modern-era headers that mirror the body, so intermediaries can route without parsing it. */
    private Map<String, String> routingHeaders(Exchange exchange, String method, JsonNode params) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Mcp-Method", method);
        String name = switch (method) {
            case McpMethods.CALL_TOOL, "prompts/get" -> params == null ? null : params.path("name").asText(null);
            case "resources/read" -> params == null ? null : params.path("uri").asText(null);
            default -> null;
        };
        if (name != null) {
            headers.put("Mcp-Name", ProtocolEras.headerValue(name));
        }
        if (method.equals(McpMethods.CALL_TOOL) && params != null) {
            JsonNode schema = toolSchemas.inputSchema(exchange.getProperty(GatewayExchange.SESSION_ID, String.class),
                    exchange.getProperty(GatewayExchange.UPSTREAM_NAME, String.class), name);
            JsonNode properties = schema == null ? null : schema.get("properties");
            if (properties != null && params.get("arguments") instanceof ObjectNode arguments) {
                properties.fields().forEachRemaining(property -> {
                    JsonNode header = property.getValue().get("x-mcp-header");
                    JsonNode argument = arguments.get(property.getKey());
                    // cached tools have usable declarations only (ToolHeaders): header names are valid and distinct
                    if (header != null && header.isTextual() && argument != null && argument.isValueNode()
                            && !argument.isNull()) {
                        headers.put("Mcp-Param-" + header.asText(), ProtocolEras.headerValue(argument.asText()));
                    }
                });
            }
        }
        return headers;
    }

    /**
     * The gateway's answer to a request the server sent on a stream (sampling, elicitation, roots): the gateway offers
     * none of these capabilities, so it is always "method not found", sent at once so the server never waits.
     */
    public void refuseServerRequest(Exchange exchange) throws JsonProcessingException {
        ObjectNode answer = JSON.createObjectNode().put("jsonrpc", "2.0");
        answer.set("id", exchange.getProperty(SERVER_REQUEST_ID, JsonNode.class));
        answer.putObject("error").put("code", -32601).put("message", "Not supported by the gateway");
        prepare(exchange, "POST", JSON.writeValueAsBytes(answer), Map.of());
        exchange.getMessage().setHeader(RequestDeadline.DROP_BODY, "true");
    }

    /** The id of the server request {@link #refuseServerRequest} answers. */
    public static final String SERVER_REQUEST_ID = "gatewayServerRequestId";

    /** Re-attaches to a stream the server closed before answering: GET with the last event id seen. */
    public void resumeStream(Exchange exchange) {
        prepare(exchange, "GET", NO_BODY, Map.of());
        exchange.getMessage().setHeader("Accept", "text/event-stream");
        exchange.getMessage().setHeader("Last-Event-ID", exchange.getProperty(ReadUpstreamReply.RESUME_FROM, String.class));
    }

    /** A DELETE that ends the exchange's upstream session. */
    public void endSession(Exchange exchange) {
        exchange.setProperty(GatewayExchange.UPSTREAM_DEADLINE_NANOS, System.nanoTime() + sessionEndLimit.toNanos());
        prepare(exchange, "DELETE", NO_BODY, Map.of());
        exchange.getMessage().setHeader(RequestDeadline.DROP_BODY, "true");
    }

    /** @param routing modern-era headers mirroring the body (signed like the others when they are in the signed set) */
    private void prepare(Exchange exchange, String httpMethod, byte[] body, Map<String, String> routing) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (body.length > 0) {
            headers.put("Content-Type", "application/json");
        }
        headers.put("Accept", "application/json, text/event-stream");
        UpstreamSession upstream = upstreamSession(exchange);
        if (upstream != null && upstream.sessionId() != null) {
            headers.put("Mcp-Session-Id", upstream.sessionId());
        }
        if (upstream != null && upstream.protocolVersion() != null) {
            headers.put("MCP-Protocol-Version", upstream.protocolVersion());
        }
        headers.putAll(routing);
        CallerSession session = exchange.getProperty(GatewayExchange.SESSION, CallerSession.class);
        if (forwardUserContext && session != null) {
            headers.put("X-User-Api-Url", session.apiUrl());
            headers.put("X-User-Api-Token", session.token());
        }
        if (signer != null) {
            String target = serverUrl.getRawPath().isEmpty() ? "/" : serverUrl.getRawPath();
            if (serverUrl.getRawQuery() != null) {
                target += "?" + serverUrl.getRawQuery();
            }
            headers.putAll(signer.sign(httpMethod, target, body, headers));
        }
        if (!credential.isEmpty()) {
            headers.put("Authorization", "Bearer " + credential);
        }
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        headers.forEach(message::setHeader);
        message.setHeader(Exchange.HTTP_URI, serverUrl.toString());
        // the enum camel-http reads: as a String it would cost a slow type-converter lookup on every request
        message.setHeader(Exchange.HTTP_METHOD, HttpMethods.valueOf(httpMethod));
        Long deadline = exchange.getProperty(GatewayExchange.UPSTREAM_DEADLINE_NANOS, Long.class);
        if (deadline != null) {
            // read and removed by RequestDeadline in the HTTP client: it never leaves the gateway
            message.setHeader(RequestDeadline.DEADLINE,
                    System.currentTimeMillis() + (deadline - System.nanoTime()) / 1_000_000);
        }
        message.setBody(body);
    }

    /**
     * The upstream session a request travels in: an explicit one if set (handshakes), else the gateway session's with
     * the exchange's upstream (which {@link UpstreamRegistry#step} names on the exchange).
     */
    static UpstreamSession upstreamSession(Exchange exchange) {
        UpstreamSession explicit = exchange.getProperty(GatewayExchange.UPSTREAM_SESSION, UpstreamSession.class);
        if (explicit != null) {
            return explicit;
        }
        CallerSession session = exchange.getProperty(GatewayExchange.SESSION, CallerSession.class);
        return session == null ? null : session.upstream(exchange.getProperty(GatewayExchange.UPSTREAM_NAME, String.class));
    }

    /** The input schema an upstream published for a tool, as far as the session's cached tool list knows it. */
    @FunctionalInterface
    public interface ToolSchemas {
        /** @return null when unknown */
        JsonNode inputSchema(String sessionId, String upstream, String tool);
    }
}
