package io.mcpgateway.endpoint.auth;

import java.util.Collection;

/**
 * The {@code WWW-Authenticate} values of the MCP endpoint (RFC 6750 section 3, RFC 9728 section 5.1). Every one names
 * the endpoint's Protected Resource Metadata, which is how an MCP client discovers where to get a token.
 *
 * <p>Descriptions are fixed text: a challenge is read by any client and often logged by proxies, so it never says
 * which check failed in a way that could echo the token or a claim. RFC 6750 allows in {@code error} and
 * {@code error_description} only printable ASCII without {@code "} and {@code \}; the fixed texts keep to that, and
 * the one value that is not fixed, the metadata URL, is escaped as an RFC 9110 quoted-string.
 */
public final class BearerChallenge {

    private static final String INVALID_TOKEN_DESCRIPTION =
            "The access token is malformed, expired, revoked or not issued for this resource";
    private static final String INSUFFICIENT_SCOPE_DESCRIPTION =
            "The access token does not grant the scope this request needs";

    private final String prefix;

    public BearerChallenge(ProtectedResourceMetadata metadata) {
        this.prefix = "Bearer resource_metadata=" + quoted(metadata.metadataUrl());
    }

    /** For a 401 to a request that presented no token: the client should go and get one. */
    public String missingToken() {
        return prefix;
    }

    /** For a 401 to a request whose token was refused, whatever the reason: the client should get a new one. */
    public String invalidToken() {
        return prefix + ", error=\"invalid_token\", error_description=\"" + INVALID_TOKEN_DESCRIPTION + "\"";
    }

    /**
     * For a 403 to a valid token that lacks a scope (step-up): {@code scope} lists the scopes the request needs, so
     * the client can ask the authorization server for them.
     *
     * @param requiredScopes scope tokens from the gateway's own configuration, never from the request
     * @throws IllegalArgumentException for an empty list or a value that is not a scope token
     */
    public String insufficientScope(Collection<String> requiredScopes) {
        if (requiredScopes.isEmpty() || !requiredScopes.stream()
                .allMatch(s -> s != null && ProtectedResourceMetadata.SCOPE_TOKEN.matcher(s).matches())) {
            throw new IllegalArgumentException("required scopes must be one or more scope tokens");
        }
        return prefix + ", error=\"insufficient_scope\", scope=\"" + String.join(" ", requiredScopes)
                + "\", error_description=\"" + INSUFFICIENT_SCOPE_DESCRIPTION + "\"";
    }

    /** An RFC 9110 quoted-string: {@code "} and {@code \} as quoted pairs. */
    static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
