package io.mcpgateway.session;

import java.time.Duration;
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

/** An idle session expires on time, is logged, and its upstream MCP session is ended with it. */
class SessionExpiryIT extends GatewayTestSupport {

    private final CredentialApiStub api = new CredentialApiStub();

    @Override
    protected Map<String, String> settings() {
        return Map.of("gateway.session.idle-ttl-seconds", "1");
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void anExpiredSessionEndsItsUpstreamSession() {
        String token = TestTokens.jwt("alice");
        api.accepts(token);
        assertThat(postInit("idle_user", api.apiUrl(""), token).statusCode()).isEqualTo(200);
        String upstreamSession = sessions().peek("idle_user").orElseThrow().upstream("default").sessionId();
        assertThat(upstreamSession).isNotBlank();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(sessions().peek("idle_user")).isEmpty();
            assertThat(McpTestServer.shared().requestHeaders()).anySatisfy(headers -> {
                assertThat(headers.get(":method")).isEqualTo("DELETE");
                assertThat(headers.get("Mcp-Session-Id")).isEqualTo(upstreamSession);
            });
        });
        assertThat(CapturedLogs.text()).contains("Session expired (idle) for session_id: idle_user")
                .containsPattern("\\{\"ts\":\"[^\"]+\",\"event\":\"session_expired\",\"session_id\":\"idle_user\",\"principal\":\"alice\",\"api_origin\":\"http://127.0.0.1:\\d+\",\"reason\":\"idle\"}");
    }
}
