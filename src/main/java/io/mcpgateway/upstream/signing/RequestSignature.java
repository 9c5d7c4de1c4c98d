package io.mcpgateway.upstream.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The v1 request signature shared by {@link RequestSigner} and {@link SignatureVerifier}: header names, the canonical
 * string and the MAC. docs/signing.md specifies it for implementers in other languages, with test vectors.
 */
public final class RequestSignature {

    public static final String VERSION = "v1";
    public static final String TIMESTAMP = "X-Request-Timestamp";
    public static final String NONCE = "X-Request-Nonce";
    public static final String CONTENT_SHA256 = "X-Content-SHA256";
    public static final String SIGNED_HEADERS = "X-Signed-Headers";
    public static final String SIGNATURE = "X-Request-Signature";

    /** Headers that are signed when present, in the order they are listed and canonicalised. */
    public static final List<String> OPTIONAL_SIGNED_HEADERS = List.of("mcp-session-id", "mcp-protocol-version",
            "mcp-method", "mcp-name", "x-user-api-url", "x-user-api-token");

    /** The shortest secret accepted: 256 bits, the HMAC-SHA256 block strength. */
    public static final int MIN_SECRET_BYTES = 32;

    private RequestSignature() {
    }

    /**
     * {@code v1, timestamp, nonce, METHOD, path?query, content hash}, then {@code name:value} per signed header,
     * joined by {@code \n}.
     */
    static String canonical(String timestamp, String nonce, String method, String pathAndQuery, String contentSha256,
                            List<String> signedHeaderNames, List<String> signedHeaderValues) {
        StringBuilder canonical = new StringBuilder(256).append(VERSION)
                .append('\n').append(timestamp)
                .append('\n').append(nonce)
                .append('\n').append(method)
                .append('\n').append(pathAndQuery)
                .append('\n').append(contentSha256);
        for (int i = 0; i < signedHeaderNames.size(); i++) {
            canonical.append('\n').append(signedHeaderNames.get(i)).append(':').append(signedHeaderValues.get(i));
        }
        return canonical.toString();
    }

    // The JDK's SHA-256 and HMAC (which every JDK provides) use the CPU's SHA instructions where it has them; a
    // pure-Java digest was a visible share of the gateway's CPU time per request (docs/performance.md).
    static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    static byte[] hmac(byte[] secret, String canonical) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    static byte[] requireSecret(byte[] secret) {
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("signing secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        return secret.clone();
    }
}
