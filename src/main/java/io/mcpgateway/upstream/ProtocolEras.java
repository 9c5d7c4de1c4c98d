package io.mcpgateway.upstream;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.upstream.jsonrpc.JsonRpcReply;
import org.apache.camel.Exchange;

/**
 * The two eras of Streamable HTTP. The modern revision (2026-07-28) has no handshake and no session: every request
 * carries its version in {@code _meta} and headers. The legacy revisions (2025-03-26 to 2025-11-25) open a session
 * with {@code initialize}. A new upstream origin is probed with {@code server/discover}; a protocol-level refusal means
 * legacy. What was learnt is kept per origin, so a legacy server is not probed again until its handshake fails.
 */
public class ProtocolEras {

    public static final String MODERN_VERSION = "2026-07-28";
    /** Whether {@code open-upstream-session} still has to run the legacy handshake. */
    static final String LEGACY = "gatewayUpstreamLegacy";

    private final String origin;
    private final ConcurrentHashMap<String, Boolean> legacyOrigins = new ConcurrentHashMap<>();

    public ProtocolEras(java.net.URI serverUrl) {
        this.origin = serverUrl.getScheme() + "://" + serverUrl.getAuthority();
    }

    public static boolean isModern(UpstreamSession upstream) {
        return upstream != null && MODERN_VERSION.equals(upstream.protocolVersion());
    }

    /** First step of opening: a probe with server/discover, unless this origin is known to be legacy. */
    public void prepareDiscover(Exchange exchange) {
        boolean knownLegacy = legacyOrigins.containsKey(origin);
        exchange.setProperty(LEGACY, knownLegacy);
        exchange.setProperty(GatewayExchange.UPSTREAM_SESSION, new UpstreamSession(null, MODERN_VERSION));
        exchange.setProperty(GatewayExchange.UPSTREAM_METHOD, "server/discover");
        exchange.removeProperty(GatewayExchange.UPSTREAM_PARAMS);
    }

    /** The server answered the probe: modern, if it supports the modern revision. */
    public void acceptDiscoverResult(Exchange exchange) {
        JsonRpcReply reply = exchange.getProperty(GatewayExchange.UPSTREAM_REPLY, JsonRpcReply.class);
        JsonNode supported = reply.response().at("/result/supportedVersions");
        boolean modern = !reply.isError() && supported.isArray() && contains(supported, MODERN_VERSION);
        settle(exchange, !modern);
    }

    /** The probe was refused at the protocol level (an HTTP 4xx/5xx or a JSON-RPC error): a legacy server. */
    public void discoverRefused(Exchange exchange) {
        settle(exchange, true);
    }

    /** The legacy handshake failed: the era may have changed (a redeployed server); probe again next time. */
    public void forget() {
        legacyOrigins.remove(origin);
    }

    private void settle(Exchange exchange, boolean legacy) {
        exchange.setProperty(LEGACY, legacy);
        if (legacy) {
            legacyOrigins.put(origin, Boolean.TRUE);
            exchange.removeProperty(GatewayExchange.UPSTREAM_SESSION);
        } else {
            legacyOrigins.remove(origin);
            exchange.setProperty(GatewayExchange.UPSTREAM_SESSION, new UpstreamSession(null, MODERN_VERSION));
        }
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode element : array) {
            if (value.equals(element.asText())) {
                return true;
            }
        }
        return false;
    }

    /**
     * A header value as the modern transport carries it: as is when it is plain visible ASCII, else as
     * {@code =?base64?<Base64 of its UTF-8 bytes>?=}.
     */
    public static String headerValue(String value) {
        boolean plain = !value.isEmpty() && value.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)
                && !value.startsWith("=?base64?");
        return plain ? value
                : "=?base64?" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    static GatewayException unsupported() {
        return new GatewayException(ErrorType.UPSTREAM_ERROR, "The MCP server offers no supported protocol version");
    }
}
