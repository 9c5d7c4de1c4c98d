package io.mcpgateway.session;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.mcpgateway.testing.CapturedLogs;
import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.McpTestServer;
import io.mcpgateway.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A session lives no longer than its token, nor than SESSION_MAX_LIFETIME, however it is used. */
class SessionEndingsIT extends GatewayTestSupport {

    private final CredentialApiStub api = new CredentialApiStub();

    @Override
    protected Map<String, String> settings() {
        return Map.of("gateway.session.max-lifetime-seconds", "3");
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void aSessionWhoseTokenExpiresIsRefusedWith401AndEndsItsUpstreamSession() {
        // within the 30 s clock skew the gateway tolerates: accepted now, expired a second or two later
        String token = TestTokens.jwt("HS256", "{\"sub\":\"alice\",\"exp\":" + (Instant.now().getEpochSecond() - 29) + "}");
        api.accepts(token);
        assertThat(postInit("expiring", api.apiUrl(""), token).statusCode()).isEqualTo(200);
        String upstreamSession = sessions().peek("expiring").orElseThrow().upstream("default").sessionId();

        HttpResponse<String> refused = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> postAs(token, "/tools/list", "{\"session_id\":\"expiring\"}"), r -> r.statusCode() != 200);

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("\"error_type\":\"AUTH_ERROR\"").contains("Token expired");
        assertThat(sessions().peek("expiring")).isEmpty();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(McpTestServer.shared().requestHeaders()).anySatisfy(headers -> {
                    assertThat(headers.get(":method")).isEqualTo("DELETE");
                    assertThat(headers.get("Mcp-Session-Id")).isEqualTo(upstreamSession);
                }));
        assertThat(CapturedLogs.text()).containsPattern(
                "\"event\":\"session_expired\",\"session_id\":\"expiring\",\"principal\":\"alice\",\"api_origin\":\"http://127.0.0.1:\\d+\",\"reason\":\"token_expired\"");
        // the same credentials cannot bring it back
        HttpResponse<String> reinit = postInit("expiring", api.apiUrl(""), token);
        assertThat(reinit.statusCode()).isEqualTo(401);
        assertThat(reinit.body()).contains("JWT token has expired");
    }

    @Test
    void aSessionEndsAtItsMaximumLifetimeThoughItIsUsedAllTheTime() {
        String token = TestTokens.jwt("bob");
        api.accepts(token);
        long opened = System.nanoTime();
        assertThat(postInit("busy", api.apiUrl(""), token).statusCode()).isEqualTo(200);

        HttpResponse<String> ended = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> postAs(token, "/tools/list", "{\"session_id\":\"busy\"}"), r -> r.statusCode() != 200);
        long lived = Duration.ofNanos(System.nanoTime() - opened).toMillis();

        assertThat(ended.statusCode()).isEqualTo(404);
        assertThat(lived).as("ended near its 3 s lifetime, not at the 30 min idle time").isBetween(2_500L, 10_000L);
        assertThat(CapturedLogs.text()).contains("Session expired (lifetime) for session_id: busy");
    }
}
