package io.mcpgateway.upstream.signing;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.util.encoders.Hex;

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

    static String sha256Hex(byte[] body) {
        SHA256Digest digest = new SHA256Digest();
        byte[] out = new byte[digest.getDigestSize()];
        digest.update(body, 0, body.length);
        digest.doFinal(out, 0);
        return Hex.toHexString(out);
    }

    static byte[] hmac(byte[] secret, String canonical) {
        HMac mac = new HMac(new SHA256Digest());
        mac.init(new KeyParameter(secret));
        byte[] input = canonical.getBytes(StandardCharsets.UTF_8);
        mac.update(input, 0, input.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return out;
    }

    static byte[] requireSecret(byte[] secret) {
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("signing secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        return secret.clone();
    }
}
