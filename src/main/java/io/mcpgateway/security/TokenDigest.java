package io.mcpgateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 of a bearer token, and the constant-time comparison sessions are authenticated with. */
public final class TokenDigest {

    private TokenDigest() {
    }

    public static byte[] of(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a mandatory JDK algorithm", e);
        }
    }

    public static boolean matches(byte[] expectedDigest, String presentedToken) {
        return presentedToken != null && MessageDigest.isEqual(expectedDigest, of(presentedToken));
    }

    /** The token from an {@code Authorization: Bearer ...} header, or null when there is none. */
    public static String bearerToken(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorizationHeader.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
