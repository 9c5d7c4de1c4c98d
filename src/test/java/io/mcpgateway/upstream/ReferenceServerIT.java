package io.mcpgateway.upstream;

import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.ReferenceMcpServer;
import io.mcpgateway.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway against the reference MCP server itself ({@code @modelcontextprotocol/server-everything}, pinned in
 * src/test/node), not a stub of it: plain http on loopback, unsigned (the reference server verifies nothing).
 */
class ReferenceServerIT extends GatewayTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ReferenceMcpServer reference;

    private final CredentialApiStub api = new CredentialApiStub();
    private final String token = TestTokens.jwt("alice");

    @BeforeAll
    static void startReferenceServer() {
        reference = new ReferenceMcpServer();
    }

    @AfterAll
    static void stopReferenceServer() {
        reference.close();
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("mcp.server-url", reference.url());
    }

    private HttpResponse<String> echo(String message) {
        return postAs(token, "/tools/call",
                "{\"session_id\":\"user_1\",\"name\":\"echo\",\"arguments\":{\"message\":\"" + message + "\"}}");
    }

    private static String firstText(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).at("/content/0/text").asText();
    }

    /**
     * A restarted server knows none of its old sessions and answers a request in one with 400 and a JSON-RPC error
     * -32000 ("Bad Request: No valid session ID provided"), not 404: the gateway opens one new upstream session and
     * sends the call again.
     */
    @Test
    void aSessionTheRestartedServerNoLongerKnowsIsReopenedOnceAndTheCallAnswered() throws Exception {
        api.accepts(token);
        assertThat(postInit("user_1", api.apiUrl(""), token).statusCode()).isEqualTo(200);
        HttpResponse<String> before = echo("before the restart");
        assertThat(before.statusCode()).as(before.body()).isEqualTo(200);
        assertThat(firstText(before)).isEqualTo("Echo: before the restart");
        long sessionsBefore = reference.sessionsInitialized();

        reference.restart();
        HttpResponse<String> after = echo("after the restart");

        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
        assertThat(firstText(after)).isEqualTo("Echo: after the restart");
        assertThat(reference.sessionsInitialized()).as("exactly one new initialize").isEqualTo(sessionsBefore + 1);
    }
}
