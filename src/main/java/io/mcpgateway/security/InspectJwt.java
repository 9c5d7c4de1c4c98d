package io.mcpgateway.security;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.http.GatewayExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * {@code /init}, after the apiUrl check and before the probe: the token must look like a signed JWT that is currently valid. The signature is the user API's
 * to verify (the credential probe); this step only spares it tokens that cannot be valid, and reads {@code sub}, the
 * principal a session is bound to, and the time claims the session is then held to ({@link TokenTimes}).
 *
 * <p>It reads the token as strictly as a verifier would, so that no two readers can see different claims: a key that
 * appears twice in the header or the claims is refused (parsers disagree on which one wins), {@code alg} must be one of
 * the JWS algorithms exactly as RFC 7518 and 8037 spell them ({@code "none "} or {@code "hs256"} are not), and a time
 * claim must be a number within the range every JSON reader represents exactly (±2^53-1): beyond it, readers round or
 * wrap it differently ({@code 2^64+5} read as a long is 4).
 */
public class InspectJwt implements Processor {

    static final Set<String> ALGORITHMS = Set.of("HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384",
            "ES512", "ES256K", "PS256", "PS384", "PS512", "EdDSA");
    private static final BigDecimal MAX_SAFE_INTEGER = BigDecimal.valueOf((1L << 53) - 1);

    private static final Pattern BASE64URL = Pattern.compile("^[A-Za-z0-9_-]+$");
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Clock clock;

    public InspectJwt(Clock clock) {
        this.clock = clock;
    }

    /** What the gateway reads from a token it accepts. */
    public record Inspected(String principal, TokenTimes times) {
    }

    @Override
    public void process(Exchange exchange) {
        InitRequest request = exchange.getProperty(GatewayExchange.INIT_REQUEST, InitRequest.class);
        Inspected inspected = inspect(request.jwtToken());
        exchange.setProperty(GatewayExchange.PRINCIPAL, inspected.principal());
        exchange.setProperty(GatewayExchange.TOKEN_TIMES, inspected.times());
    }

    /** Checks the token; its {@code sub} claim (null when it has none) and time claims. */
    Inspected inspect(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !BASE64URL.matcher(parts[0]).matches() || !BASE64URL.matcher(parts[1]).matches()
                || !BASE64URL.matcher(parts[2]).matches()) {
            throw invalid("Invalid JWT token format");
        }
        JsonNode header = decodeObject(parts[0]);
        JsonNode claims = decodeObject(parts[1]);
        JsonNode alg = header.get("alg");
        if (alg == null || !alg.isTextual() || !ALGORITHMS.contains(alg.asText())) {
            throw invalid("Invalid JWT token: unsigned, missing or unknown algorithm");
        }
        TokenTimes times = new TokenTimes(numericClaim(claims, "nbf"), numericClaim(claims, "exp"));
        numericClaim(claims, "iat");
        long now = clock.instant().getEpochSecond();
        if (times.expiredAt(now)) {
            throw invalid("JWT token has expired");
        }
        if (times.notYetValidAt(now)) {
            throw invalid("JWT token is not yet valid");
        }
        JsonNode sub = claims.get("sub");
        return new Inspected(sub != null && sub.isTextual() && !sub.asText().isEmpty() ? sub.asText() : null, times);
    }

    /**
     * The claims of a token this step accepted when its session was opened, as plain values (strings, numbers,
     * lists, maps) for the tool policy; none for a token it could not read.
     */
    public static Map<String, Object> claims(String token) {
        String[] parts = token == null ? new String[0] : token.split("\\.", -1);
        if (parts.length != 3) {
            return Map.of();
        }
        try {
            return JSON.convertValue(decodeObject(parts[1]),
                    new TypeReference<Map<String, Object>>() { });
        } catch (GatewayException e) {
            return Map.of();
        }
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

    /** A NumericDate claim in whole seconds (a fraction is dropped), or null when absent. */
    private static Long numericClaim(JsonNode claims, String name) {
        JsonNode value = claims.get(name);
        if (value == null) {
            return null;
        }
        // 1e400 reads as an infinite double, which has no decimal value
        if (!value.isNumber() || (value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue()))
                || value.decimalValue().abs().compareTo(MAX_SAFE_INTEGER) > 0) {
            throw invalid("Invalid JWT token: claim '" + name + "' is not a number in range");
        }
        return value.decimalValue().longValue();
    }

    private static GatewayException invalid(String message) {
        return new GatewayException(ErrorType.AUTH_ERROR, message);
    }
}
