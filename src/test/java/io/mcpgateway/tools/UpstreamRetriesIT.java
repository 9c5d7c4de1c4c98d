package io.mcpgateway.tools;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.McpUpstreamStub;
import io.mcpgateway.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The retry rules against a flaky upstream: safe methods are retried, each attempt signed anew; tools/call never. */
class UpstreamRetriesIT extends GatewayTestSupport {

    private final CredentialApiStub api = new CredentialApiStub();
    private final String token = TestTokens.jwt("alice");
    private final McpUpstreamStub upstream = new McpUpstreamStub();

    @Override
    protected Map<String, String> settings() {
        return Map.of("mcp.server-url", upstream.url(), "mcp.max-retries", "2",
                "mcp.signing-secret", "retries-test-signing-secret-0123456789abc");
    }

    @BeforeEach
    void openSession() {
        api.accepts(token);
        assertThat(postInit("user_1", api.apiUrl(""), token).statusCode()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        api.close();
        upstream.close();
    }

    private HttpResponse<String> post(String path, String json) {
        return postAs(token, path, json);
    }

    @Test
    void aSafeMethodIsRetriedUntilItSucceedsWithAFreshSignatureEachTime() {
        upstream.listsToolsAfterFailures(503, 2);

        HttpResponse<String> response = post("/tools/list", "{\"session_id\":\"user_1\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(upstream.toolsListCount()).isEqualTo(3);
        assertThat(upstream.nonces()).doesNotHaveDuplicates();
    }

    @Test
    void retriesStopAtTheConfiguredNumber() {
        upstream.listsToolsAfterFailures(503, 10);

        HttpResponse<String> response = post("/tools/list", "{\"session_id\":\"user_1\"}");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(upstream.toolsListCount()).isEqualTo(3);
    }

    @Test
    void aToolCallThatMayHaveReachedTheServerIsNeverSentTwice() {
        upstream.callsToolWith(503);

        HttpResponse<String> response = post("/tools/call", "{\"session_id\":\"user_1\",\"name\":\"echo\",\"arguments\":{}}");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(upstream.count("tools/call")).isEqualTo(1);
    }

    @Test
    void clientErrorsAreNotRetried() {
        upstream.listsToolsAfterFailures(400, 10);

        assertThat(post("/tools/list", "{\"session_id\":\"user_1\"}").statusCode()).isEqualTo(502);
        assertThat(upstream.toolsListCount()).isEqualTo(1);
    }
}
