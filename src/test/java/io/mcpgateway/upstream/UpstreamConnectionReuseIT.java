package io.mcpgateway.upstream;

import java.util.Map;

import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.McpTestServer;
import io.mcpgateway.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A legacy server answers a tool call on an event stream that it ends after the answer: the gateway reads it to its
 * end, so the connection goes back to the pool instead of being dropped after every call (issue 10: at most 0.01 new
 * upstream connections per call).
 */
class UpstreamConnectionReuseIT extends GatewayTestSupport {

    private static final int CALLS = 200;

    private final CredentialApiStub api = new CredentialApiStub();

    @Override
    protected Map<String, String> settings() {
        return Map.of("mcp.rate-limit-per-minute", "100000");
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void toolCallsAnsweredOnEventStreamsReuseTheirConnections() {
        String token = TestTokens.jwt("alice");
        api.accepts(token);
        assertThat(postInit("reuse", api.apiUrl(""), token).statusCode()).isEqualTo(200);
        String call = "{\"session_id\":\"reuse\",\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}";
        assertThat(postAs(token, "/tools/call", call).statusCode()).isEqualTo(200); // the tool list is fetched too
        long before = McpTestServer.shared().connectionsOpened();

        for (int i = 0; i < CALLS; i++) {
            assertThat(postAs(token, "/tools/call", call).statusCode()).isEqualTo(200);
        }

        long opened = McpTestServer.shared().connectionsOpened() - before;
        System.out.printf("[connection reuse] %d new upstream connections for %d calls%n", opened, CALLS);
        assertThat(opened).as("new upstream connections for %d calls", CALLS).isLessThanOrEqualTo(CALLS / 100);
    }
}
