package io.mcpgateway.upstream.signing;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;


/** Signs an upstream request: returns the headers to add (timestamp, nonce, content hash, signed-header list, signature). */
public class RequestSigner {

    private static final int NONCE_BYTES = 16;

    private final byte[] secret;
    private final Clock clock;
    private final SecureRandom random;

    public RequestSigner(byte[] secret, Clock clock, SecureRandom random) {
        this.secret = RequestSignature.requireSecret(secret);
        this.clock = clock;
        this.random = random;
    }

    public RequestSigner(byte[] secret) {
        this(secret, Clock.systemUTC(), new SecureRandom());
    }

    /**
     * @param headers the request's other headers (any case); those in {@link RequestSignature#OPTIONAL_SIGNED_HEADERS}
     *                that are present are signed
     */
    public Map<String, String> sign(String method, String pathAndQuery, byte[] body, Map<String, String> headers) {
        byte[] nonceBytes = new byte[NONCE_BYTES];
        random.nextBytes(nonceBytes);
        return sign(method, pathAndQuery, body, headers, String.valueOf(clock.instant().getEpochSecond()),
                Base64.getUrlEncoder().withoutPadding().encodeToString(nonceBytes));
    }

    /**
     * A value is signed exactly as it is sent; HTTP stacks trim surrounding white space, and a line break would add a
     * line to the canonical string, so values that cannot arrive unchanged are refused.
     */
    private static String requireSignable(String name, String value) {
        if (!value.equals(value.strip()) || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw new IllegalArgumentException("header " + name + " has a value that cannot be signed");
        }
        return value;
    }

    Map<String, String> sign(String method, String pathAndQuery, byte[] body, Map<String, String> headers,
                             String timestamp, String nonce) {
        Map<String, String> lowerCased = new LinkedHashMap<>();
        headers.forEach((name, value) -> lowerCased.put(name.toLowerCase(Locale.ROOT), value));
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (String name : RequestSignature.OPTIONAL_SIGNED_HEADERS) {
            String value = lowerCased.get(name);
            if (value != null) {
                names.add(name);
                values.add(requireSignable(name, value));
            }
        }
        String contentHash = RequestSignature.sha256Hex(body);
        String canonical = RequestSignature.canonical(timestamp, nonce, method.toUpperCase(Locale.ROOT), pathAndQuery,
                contentHash, names, values);

        Map<String, String> signature = new LinkedHashMap<>();
        signature.put(RequestSignature.TIMESTAMP, timestamp);
        signature.put(RequestSignature.NONCE, nonce);
        signature.put(RequestSignature.CONTENT_SHA256, contentHash);
        signature.put(RequestSignature.SIGNED_HEADERS, String.join(";", names));
        signature.put(RequestSignature.SIGNATURE,
                RequestSignature.VERSION + "=" + HexFormat.of().formatHex(RequestSignature.hmac(secret, canonical)));
        return signature;
    }
}
