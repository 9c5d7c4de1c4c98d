package io.mcpgateway.endpoint;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.McpClientSdk;
import io.mcpgateway.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official MCP TypeScript client SDK ({@code @modelcontextprotocol/client}) connects to the gateway's {@code /mcp}
 * as to any remote MCP server, in front of the MCP Java SDK server: it lists and calls tools, gets -32602 for a
 * schema violation, ends its session and connects again; a dual-era client falls back to the legacy era.
 */
class McpEndpointSdkIT extends GatewayTestSupport {

    private final CredentialApiStub api = new CredentialApiStub();

    @Override
    protected Map<String, String> settings() {
        return Map.of("gateway.mcp-endpoint.api-url", api.apiUrl(""));
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void theTypeScriptClientListsCallsEndsItsSessionAndReconnects() {
        String token = TestTokens.jwt("alice");
        api.accepts(token);

        JsonNode run = McpClientSdk.run(endpoint(), token, "legacy", List.of("list",
                "call echo {\"text\":\"through the gateway\"}", "call echo {\"text\":7}", "close", "reconnect", "list"));

        JsonNode connect = step(run, 0, "connect");
        assertThat(connect.path("protocolVersion").asText()).isEqualTo("2025-11-25");
        assertThat(connect.path("sessionId").asBoolean()).isTrue();
        assertThat(connect.at("/serverInfo/name").asText()).isEqualTo("mcp-gateway");
        assertThat(step(run, 1, "list").path("tools").toString()).contains("\"echo\"", "\"validate_settings\"");
        assertThat(step(run, 2, "call").at("/result/content/0/text").asText()).contains("through the gateway");
        JsonNode invalid = run.path("steps").get(3);
        assertThat(invalid.path("ok").asBoolean()).isFalse();
        assertThat(invalid.at("/error/code").asInt()).as(invalid.toString()).isEqualTo(-32602);
        JsonNode close = step(run, 4, "close");
        assertThat(close.path("sessionIdAfter").asBoolean()).isFalse();
        JsonNode reconnect = step(run, 5, "reconnect");
        assertThat(reconnect.path("sameSession").asBoolean()).isFalse();
        assertThat(step(run, 6, "list").path("tools").toString()).contains("\"echo\"");
        assertThat(sessions().size()).as("the closed session is gone, the new one is stored").isEqualTo(1);
    }

    @Test
    void aDualEraClientFallsBackToTheLegacyEraAndAClientWithoutAValidTokenIsRefused() {
        String token = TestTokens.jwt("bob");
        api.accepts(token);

        JsonNode auto = McpClientSdk.run(endpoint(), token, "auto", List.of("list"));
        assertThat(step(auto, 0, "connect").path("protocolEra").asText()).isEqualTo("legacy");
        assertThat(step(auto, 1, "list").path("tools").toString()).contains("\"echo\"");

        JsonNode refused = McpClientSdk.run(endpoint(), TestTokens.jwt("nobody"), "legacy", List.of("list"));
        JsonNode connect = refused.path("steps").get(0);
        assertThat(connect.path("ok").asBoolean()).as(connect.toString()).isFalse();
        assertThat(connect.toString()).contains("401");
    }

    private URI endpoint() {
        return gateway("/mcp");
    }

    private static JsonNode step(JsonNode run, int index, String name) {
        JsonNode step = run.path("steps").get(index);
        assertThat(step.path("step").asText()).as(run.toString()).isEqualTo(name);
        assertThat(step.path("ok").asBoolean()).as(step.toString()).isTrue();
        return step;
    }
}
