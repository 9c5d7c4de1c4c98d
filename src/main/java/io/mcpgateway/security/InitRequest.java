package io.mcpgateway.security;

import java.util.Arrays;

/** A parsed {@code POST /init} body. {@link #toString()} leaves the token out. */
public record InitRequest(String sessionId, String apiUrl, String jwtToken, byte[] tokenDigest) {

    public static InitRequest of(String sessionId, String apiUrl, String jwtToken) {
        return new InitRequest(sessionId, apiUrl, jwtToken, TokenDigest.of(jwtToken));
    }

    /** Whether two requests present the same credentials for the same session. */
    public boolean sameCredentialsAs(InitRequest other) {
        return sessionId.equals(other.sessionId) && apiUrl.equals(other.apiUrl)
                && java.security.MessageDigest.isEqual(tokenDigest, other.tokenDigest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InitRequest other && sameCredentialsAs(other);
    }

    @Override
    public int hashCode() {
        return 31 * sessionId.hashCode() + Arrays.hashCode(tokenDigest);
    }

    @Override
    public String toString() {
        return "InitRequest[sessionId=" + sessionId + "]";
    }
}
