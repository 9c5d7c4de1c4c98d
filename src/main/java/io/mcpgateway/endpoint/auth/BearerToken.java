package io.mcpgateway.endpoint.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;

/**
 * The bearer token of a request to the MCP endpoint, taken from the one place it may be: a single
 * {@code Authorization: Bearer <token>} header (RFC 6750 section 2.1). A token in the query string (section 2.3) ends
 * up in access logs, browser history and proxies, so MCP forbids it; a token in a form body (section 2.2) is refused
 * the same way, and RFC 6750 has a client use one method only, so either one refuses the request even when the header
 * is there too. Two {@code Authorization} headers are refused rather than one picked: the gateway and anything in
 * front of it could pick differently.
 *
 * <p>The value never prints: {@link #toString()} is redacted so that a token cannot reach a log by accident.
 */
public final class BearerToken {

    /** RFC 9110: {@code Bearer}, case-insensitive, one or more spaces, a token68; surrounding blanks are the server's to strip. */
    private static final Pattern BEARER = Pattern.compile("(?i:bearer) +([A-Za-z0-9\\-._~+/]+=*)");
    private static final String FORM = "application/x-www-form-urlencoded";

    private final String value;

    private BearerToken(String value) {
        this.value = value;
    }

    /**
     * The request's token, or empty when it presents none (the caller answers 401 with
     * {@link BearerChallenge#missingToken()}).
     *
     * @param authorization every {@code Authorization} header value of the request, in order (empty for none)
     * @param rawQuery      the request's query string as received, or null
     * @param contentType   the request's {@code Content-Type}, or null
     * @param body          the request body, or null; read only when it is a form
     * @throws GatewayException AUTH_ERROR, with fixed text, for a token anywhere else or a malformed header
     */
    public static Optional<BearerToken> from(List<String> authorization, String rawQuery, String contentType,
            String body) {
        if (hasAccessTokenParameter(rawQuery)) {
            throw refused("Access tokens are not accepted in the query string; send Authorization: Bearer");
        }
        if (isForm(contentType) && hasAccessTokenParameter(body)) {
            throw refused("Access tokens are not accepted in a form body; send Authorization: Bearer");
        }
        if (authorization.isEmpty()) {
            return Optional.empty();
        }
        if (authorization.size() > 1) {
            throw refused("Only one Authorization header is allowed");
        }
        String header = authorization.get(0) == null ? "" : authorization.get(0).strip();
        Matcher m = BEARER.matcher(header);
        if (!m.matches()) {
            throw refused("The Authorization header must be Bearer and a token");
        }
        return Optional.of(new BearerToken(m.group(1)));
    }

    /** The token itself, for the verifier and nothing else. */
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return "BearerToken[redacted]";
    }

    /** Whether an {@code application/x-www-form-urlencoded} text has an {@code access_token} parameter, in any spelling. */
    private static boolean hasAccessTokenParameter(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return false;
        }
        for (String pair : encoded.split("[&;]")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (decode(name).strip().equalsIgnoreCase("access_token")) {
                return true;
            }
        }
        return false;
    }

    private static String decode(String name) {
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return name; // a malformed escape: compared as written
        }
    }

    private static boolean isForm(String contentType) {
        return contentType != null
                && contentType.strip().toLowerCase(Locale.ROOT).split(";", 2)[0].strip().equals(FORM);
    }

    private static GatewayException refused(String message) {
        return new GatewayException(ErrorType.AUTH_ERROR, message);
    }
}
