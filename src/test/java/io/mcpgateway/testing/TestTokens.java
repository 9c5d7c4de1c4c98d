package io.mcpgateway.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** JWT-shaped test tokens. The gateway checks their form and time claims; the user's API checks signatures. */
public final class TestTokens {

    private TestTokens() {
    }

    /** A fresh token for the subject: never equal to another one, even minted in the same second. */
    public static String jwt(String subject) {
        return jwt("HS256", "{\"sub\":\"" + subject + "\",\"jti\":\"" + UUID.randomUUID() + "\",\"exp\":"
                + Instant.now().plusSeconds(3600).getEpochSecond() + "}");
    }

    public static String jwt(String alg, String claimsJson) {
        return part("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}") + "." + part(claimsJson) + ".c2lnbmF0dXJl";
    }

    public static String part(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
