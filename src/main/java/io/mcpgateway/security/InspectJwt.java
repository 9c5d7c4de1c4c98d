package io.mcpgateway.security;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.session.InitRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * {@code /init} step 5: the token must look like a signed JWT that is currently valid. The signature is the user API's
 * to verify (the credential probe); this step only spares it tokens that cannot be valid, and reads {@code sub}, the
 * principal a session is bound to.
 */
public class InspectJwt implements Processor {

    /** Tolerated clock difference between the token issuer and this gateway. */
    static final long CLOCK_SKEW_SECONDS = 30;

    private static final Pattern BASE64URL = Pattern.compile("^[A-Za-z0-9_-]+$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;

    public InspectJwt(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        InitRequest request = exchange.getProperty(GatewayExchange.INIT_REQUEST, InitRequest.class);
        exchange.setProperty(GatewayExchange.PRINCIPAL, principalOf(request.jwtToken()));
    }

    /** Checks the token and returns its {@code sub} claim, or null when it has none. */
    String principalOf(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !BASE64URL.matcher(parts[0]).matches() || !BASE64URL.matcher(parts[1]).matches()
                || !BASE64URL.matcher(parts[2]).matches()) {
            throw invalid("Invalid JWT token format");
        }
        JsonNode header = decodeObject(parts[0]);
        JsonNode claims = decodeObject(parts[1]);
        JsonNode alg = header.get("alg");
        if (alg == null || !alg.isTextual() || alg.asText().isBlank() || alg.asText().equalsIgnoreCase("none")) {
            throw invalid("Invalid JWT token: unsigned or missing algorithm");
        }
        long now = clock.instant().getEpochSecond();
        if (numericClaim(claims, "exp") != null && numericClaim(claims, "exp") < now - CLOCK_SKEW_SECONDS) {
            throw invalid("JWT token has expired");
        }
        if (numericClaim(claims, "nbf") != null && numericClaim(claims, "nbf") > now + CLOCK_SKEW_SECONDS) {
            throw invalid("JWT token is not yet valid");
        }
        JsonNode sub = claims.get("sub");
        return sub != null && sub.isTextual() && !sub.asText().isEmpty() ? sub.asText() : null;
    }

    /** A JSON object in compact form ("{" first), the shape every JWT library emits and the log sanitizer knows. */
    private static JsonNode decodeObject(String part) {
        try {
            String json = new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
            JsonNode node = json.startsWith("{") ? JSON.readTree(json) : null;
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IllegalArgumentException | java.io.IOException e) {
            // falls through to the same answer: the details of a malformed token are of no use to the caller
        }
        throw invalid("Invalid JWT token format");
    }

    private static Long numericClaim(JsonNode claims, String name) {
        JsonNode value = claims.get(name);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            throw invalid("Invalid JWT token: claim '" + name + "' is not a number");
        }
        return value.asLong();
    }

    private static GatewayException invalid(String message) {
        return new GatewayException(ErrorType.AUTH_ERROR, message);
    }
}
