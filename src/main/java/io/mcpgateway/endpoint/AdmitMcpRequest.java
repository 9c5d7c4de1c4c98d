package io.mcpgateway.endpoint;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.mcpgateway.endpoint.auth.BearerToken;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.security.ApiOrigins;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The door of {@code /mcp}, before anything is read: the endpoint must be configured (404 otherwise, as for any
 * unknown path), a browser's {@code Origin} must be one of {@code MCP_ENDPOINT_ALLOWED_ORIGINS} and, on a loopback-bound
 * gateway, {@code Host} must be a loopback name (403: DNS rebinding), and the request must present exactly one
 * {@code Authorization: Bearer} token, never one in the query string or a form (401 with the OAuth challenge).
 */
public class AdmitMcpRequest implements Processor {

    /** The presented token, for the credential proof and the session binding; never logged or answered. */
    public static final String TOKEN = "gatewayMcpToken";
    private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    private final boolean enabled;
    private final ApiOrigins allowedOrigins;
    private final boolean loopbackBound;

    public AdmitMcpRequest(boolean enabled, ApiOrigins allowedOrigins, String bindHost) {
        this.enabled = enabled;
        this.allowedOrigins = allowedOrigins;
        this.loopbackBound = LOOPBACK_NAMES.contains(bindHost.toLowerCase(Locale.ROOT));
    }

    @Override
    public void process(Exchange exchange) {
        if (!enabled) {
            throw new GatewayException(ErrorType.NOT_FOUND, "No such endpoint");
        }
        String origin = exchange.getMessage().getHeader("Origin", String.class);
        if (origin != null && !originAllowed(origin)) {
            throw new GatewayException(ErrorType.FORBIDDEN, "Origin not allowed");
        }
        if (loopbackBound && !LOOPBACK_NAMES.contains(hostName(exchange.getMessage().getHeader("Host", String.class)))) {
            throw new GatewayException(ErrorType.FORBIDDEN, "Host not allowed");
        }
        String token = BearerToken.from(headerValues(exchange, "Authorization"),
                        exchange.getMessage().getHeader(Exchange.HTTP_RAW_QUERY, String.class),
                        exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class), null)
                .map(BearerToken::value)
                .orElseThrow(() -> new GatewayException(ErrorType.AUTH_ERROR, "Missing bearer token"));
        exchange.setProperty(TOKEN, token);
    }

    private boolean originAllowed(String origin) {
        if (allowedOrigins.isEmpty()) {
            return false;
        }
        try {
            URI uri = new URI(origin);
            return uri.getScheme() != null && uri.getHost() != null && uri.getRawPath().isEmpty()
                    && allowedOrigins.allows(uri.getScheme(), uri.getHost(), uri.getPort());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The host of a Host header without its port, lower case; "" when there is none. */
    static String hostName(String host) {
        if (host == null) {
            return "";
        }
        String name = host.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            return end < 0 ? "" : name.substring(0, end + 1);
        }
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(0, colon);
    }

    private static List<String> headerValues(Exchange exchange, String name) {
        Object value = exchange.getMessage().getHeader(name);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(value.toString());
    }
}
