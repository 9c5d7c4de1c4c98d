package io.mcpgateway.upstream.signing;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import static io.mcpgateway.upstream.signing.SignatureVerifier.Verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignatureVerifierTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef-test".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final byte[] BODY = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\"}".getBytes(StandardCharsets.UTF_8);

    private final RequestSigner signer = new RequestSigner(SECRET, Clock.fixed(NOW, ZoneOffset.UTC),
            new java.security.SecureRandom());
    private final SignatureVerifier verifier = new SignatureVerifier(SECRET, Clock.fixed(NOW, ZoneOffset.UTC), 1000);

    /** A signed request's headers, looked up case-insensitively as HTTP does. */
    private Map<String, String> signedRequest(Map<String, String> headers) {
        Map<String, String> request = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.putAll(headers);
        request.putAll(signer.sign("POST", "/mcp", BODY, headers));
        return request;
    }

    private Verdict verify(Map<String, String> request, byte[] body) {
        return verifier.verify("POST", "/mcp", body, request::get);
    }

    @Test
    void signsPresentOptionalHeadersInTheirFixedOrder() {
        Map<String, String> request = signedRequest(Map.of("Mcp-Name", "echo", "MCP-Session-Id", "s1", "Accept", "x"));

        assertThat(request.get("X-Signed-Headers")).isEqualTo("mcp-session-id;mcp-name");
        assertThat(request.get("X-Request-Nonce")).matches("[A-Za-z0-9_-]{22}");
        assertThat(request.get("X-Request-Timestamp")).isEqualTo(String.valueOf(NOW.getEpochSecond()));
        assertThat(verify(request, BODY)).isEqualTo(Verdict.VALID);
    }

    @Test
    void everySignedPartIsProtected() {
        Map<String, String> request = signedRequest(Map.of("mcp-session-id", "s1", "mcp-method", "tools/call"));

        assertThat(verify(request, "{}".getBytes(StandardCharsets.UTF_8))).isEqualTo(Verdict.CONTENT_MISMATCH);
        assertThat(verifier.verify("PUT", "/mcp", BODY, request::get)).isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(verifier.verify("POST", "/mcp?x=1", BODY, request::get)).isEqualTo(Verdict.BAD_SIGNATURE);

        Map<String, String> otherSession = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        otherSession.putAll(request);
        otherSession.put("mcp-session-id", "s2");
        assertThat(verify(otherSession, BODY)).isEqualTo(Verdict.BAD_SIGNATURE);

        Map<String, String> droppedFromList = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        droppedFromList.putAll(request);
        droppedFromList.put("X-Signed-Headers", "mcp-method");
        assertThat(verify(droppedFromList, BODY)).isEqualTo(Verdict.MALFORMED);
    }

    @Test
    void aReplayedRequestIsRefused() {
        Map<String, String> request = signedRequest(Map.of());

        assertThat(verify(request, BODY)).isEqualTo(Verdict.VALID);
        assertThat(verify(request, BODY)).isEqualTo(Verdict.REPLAYED);
    }

    @Test
    void forgedRequestsDoNotConsumeNonces() {
        Map<String, String> request = signedRequest(Map.of());
        Map<String, String> forged = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        forged.putAll(request);
        forged.put("X-Request-Signature", "v1=" + "0".repeat(64));

        assertThat(verify(forged, BODY)).isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(verify(request, BODY)).isEqualTo(Verdict.VALID);
    }

    @Test
    void anUnsignedOptionalHeaderIsRefused() {
        Map<String, String> request = signedRequest(Map.of("mcp-method", "tools/call"));
        request.put("x-user-api-token", "added-on-the-way");

        assertThat(verify(request, BODY)).isEqualTo(Verdict.MALFORMED);
    }

    @Test
    void timestampsAtTheEdgeOfTheWindowAreAccepted() {
        for (long offset : new long[] {-300, 300}) {
            RequestSigner skewed = new RequestSigner(SECRET, Clock.fixed(NOW.plusSeconds(offset), ZoneOffset.UTC),
                    new java.security.SecureRandom());
            Map<String, String> request = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            request.putAll(skewed.sign("POST", "/mcp", BODY, Map.of()));
            assertThat(verify(request, BODY)).as("offset %d", offset).isEqualTo(Verdict.VALID);
        }
    }

    @Test
    void aFullNonceCacheRefusesInsteadOfForgetting() {
        SignatureVerifier small = new SignatureVerifier(SECRET, Clock.fixed(NOW, ZoneOffset.UTC), 3);
        List<Map<String, String>> requests = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            requests.add(signedRequest(Map.of()));
            assertThat(small.verify("POST", "/mcp", BODY, requests.get(i)::get)).isEqualTo(Verdict.VALID);
        }

        Map<String, String> fourth = signedRequest(Map.of());
        assertThat(small.verify("POST", "/mcp", BODY, fourth::get)).isEqualTo(Verdict.REPLAY_CACHE_FULL);
        for (Map<String, String> replay : requests) {
            assertThat(small.verify("POST", "/mcp", BODY, replay::get)).isEqualTo(Verdict.REPLAYED);
        }
    }

    @Test
    void aNonceIsRememberedUntilItsTimestampLeavesTheWindow() {
        java.util.concurrent.atomic.AtomicLong seconds = new java.util.concurrent.atomic.AtomicLong(NOW.getEpochSecond());
        Clock moving = new Clock() {
            @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return Instant.ofEpochSecond(seconds.get()); }
        };
        SignatureVerifier verifier = new SignatureVerifier(SECRET, moving, 10);
        Map<String, String> request = signedRequest(Map.of());

        assertThat(verifier.verify("POST", "/mcp", BODY, request::get)).isEqualTo(Verdict.VALID);
        seconds.addAndGet(300);
        assertThat(verifier.verify("POST", "/mcp", BODY, request::get)).isEqualTo(Verdict.REPLAYED);
        seconds.addAndGet(1);
        assertThat(verifier.verify("POST", "/mcp", BODY, request::get)).isEqualTo(Verdict.STALE);
    }

    @Test
    void valuesThatCannotArriveUnchangedAreNotSigned() {
        for (String value : new String[] {" s1", "s1 ", "s1\r\nmcp-name:evil", "a\u0000b"}) {
            assertThatThrownBy(() -> signer.sign("POST", "/mcp", BODY, Map.of("mcp-session-id", value)))
                    .as(value).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void timestampsOutsideTheWindowAreStale() {
        for (long offset : new long[] {-301, 301}) {
            RequestSigner skewed = new RequestSigner(SECRET, Clock.fixed(NOW.plusSeconds(offset), ZoneOffset.UTC),
                    new java.security.SecureRandom());
            Map<String, String> request = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            request.putAll(skewed.sign("POST", "/mcp", BODY, Map.of()));
            assertThat(verify(request, BODY)).as("offset %d", offset).isEqualTo(Verdict.STALE);
        }
    }

    @Test
    void missingMalformedAndForeignHeadersAreRefused() {
        Map<String, String> request = signedRequest(Map.of("mcp-method", "tools/call"));
        for (String header : new String[] {"X-Request-Timestamp", "X-Request-Nonce", "X-Content-SHA256",
                "X-Signed-Headers", "X-Request-Signature"}) {
            Map<String, String> missing = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            missing.putAll(request);
            missing.remove(header);
            assertThat(verify(missing, BODY)).as(header).isEqualTo(Verdict.MISSING);
        }
        Map<String, String> foreign = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        foreign.putAll(request);
        foreign.put("X-Signed-Headers", "mcp-method;authorization");
        foreign.put("authorization", "Bearer x");
        assertThat(verify(foreign, BODY)).isEqualTo(Verdict.MALFORMED);

        Map<String, String> upperHex = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        upperHex.putAll(request);
        upperHex.put("X-Request-Signature", request.get("X-Request-Signature").toUpperCase(Locale.ROOT));
        assertThat(verify(upperHex, BODY)).isEqualTo(Verdict.MALFORMED);
    }

    @Test
    void anotherSecretDoesNotVerify() {
        SignatureVerifier other = new SignatureVerifier("another-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8),
                Clock.fixed(NOW, ZoneOffset.UTC), 10);
        Map<String, String> request = signedRequest(Map.of());
        assertThat(other.verify("POST", "/mcp", BODY, request::get)).isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @Test
    void shortSecretsAreRefused() {
        assertThatThrownBy(() -> new RequestSigner("too-short".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("too-short");
    }
}
