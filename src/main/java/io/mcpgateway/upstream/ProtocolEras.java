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

    /** How long a legacy answer is trusted before the origin is probed again (servers get upgraded). */
    static final java.time.Duration REMEMBER_LEGACY = java.time.Duration.ofMinutes(10);
    /** JSON-RPC: the server speaks the modern revision, but not a version the gateway offered. */
    static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

    private final String origin;
    /** Origins found legacy, with the moment (System.nanoTime) until which that is trusted. */
    private final ConcurrentHashMap<String, Long> legacyOrigins = new ConcurrentHashMap<>();

    public ProtocolEras(java.net.URI serverUrl) {
        this.origin = serverUrl.getScheme() + "://" + serverUrl.getAuthority();
    }

    public static boolean isModern(UpstreamSession upstream) {
        return upstream != null && MODERN_VERSION.equals(upstream.protocolVersion());
    }

    /** First step of opening: a probe with server/discover, unless this origin is known to be legacy. */
    public void prepareDiscover(Exchange exchange) {
        Long until = legacyOrigins.get(origin);
        boolean knownLegacy = until != null && System.nanoTime() - until < 0;
        exchange.setProperty(LEGACY, knownLegacy);
        exchange.setProperty(GatewayExchange.UPSTREAM_SESSION, new UpstreamSession(null, MODERN_VERSION));
        exchange.setProperty(GatewayExchange.UPSTREAM_METHOD, McpMethods.DISCOVER);
        exchange.removeProperty(GatewayExchange.UPSTREAM_PARAMS);
    }

    /**
     * The server answered the probe: modern, if it supports the modern revision. A JSON-RPC error is a legacy server
     * (remembered), except "unsupported protocol version": a modern server of another version, which may still
     * accept the legacy handshake, but is probed again next time.
     */
    public void acceptDiscoverResult(Exchange exchange) {
        JsonRpcReply reply = exchange.getProperty(GatewayExchange.UPSTREAM_REPLY, JsonRpcReply.class);
        JsonNode supported = reply.response().at("/result/supportedVersions");
        if (!reply.isError() && supported.isArray() && contains(supported, MODERN_VERSION)) {
            settle(exchange, false, false);
        } else {
            boolean otherModern = reply.response().at("/error/code").asInt() == UNSUPPORTED_PROTOCOL_VERSION;
            settle(exchange, true, !otherModern);
        }
    }

    /**
     * The probe failed with an answer: try the legacy handshake. Only a definite refusal (a 4xx other than 408/429,
     * which a legacy server gives a request outside any session) is remembered; a server error, a throttling answer
     * or a lost stream says nothing about the era, so the next init probes again.
     */
    public void discoverRefused(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        boolean definite = failure instanceof UpstreamFailures.Refused refused
                && refused.status() >= 400 && refused.status() < 500 && refused.status() != 408 && refused.status() != 429;
        settle(exchange, true, definite);
    }

    /** The legacy handshake failed: the era may have changed (a redeployed server); probe again next time. */
    public void forget() {
        legacyOrigins.remove(origin);
    }

    private void settle(Exchange exchange, boolean legacy, boolean remember) {
        exchange.setProperty(LEGACY, legacy);
        if (legacy) {
            if (remember) {
                legacyOrigins.put(origin, System.nanoTime() + REMEMBER_LEGACY.toNanos());
            }
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
