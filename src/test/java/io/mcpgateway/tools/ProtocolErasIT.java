package io.mcpgateway.tools;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.McpModernStub;
import io.mcpgateway.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dual-era client against a server of the modern revision (2026-07-28): discovered with server/discover, no
 * handshake and no session, and every request carrying its version, identity and routing headers.
 */
class ProtocolErasIT extends GatewayTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CredentialApiStub api = new CredentialApiStub();
    private final McpModernStub upstream = new McpModernStub();
    private final String token = TestTokens.jwt("alice");

    @Override
    protected Map<String, String> settings() {
        return Map.of("mcp.server-url", upstream.url(), "mcp.signing-secret", "eras-test-signing-secret-0123456789abcdef");
    }

    @AfterEach
    void stop() {
        api.close();
        upstream.close();
    }

    private HttpResponse<String> post(String path, String json) {
        return postAs(token, path, json);
    }

    private static JsonNode body(LoggedRequest request) throws Exception {
        return JSON.readTree(request.getBodyAsString());
    }

    @Test
    void aModernServerIsDiscoveredAndSpokenToWithoutSession() throws Exception {
        api.accepts(token);
        assertThat(postInit("user_1", api.apiUrl(""), token).statusCode()).isEqualTo(200);

        assertThat(upstream.count("server/discover")).isEqualTo(1);
        assertThat(upstream.count("initialize")).isZero();
        assertThat(sessions().peek("user_1").orElseThrow().upstream("default").protocolVersion()).isEqualTo("2026-07-28");

        HttpResponse<String> list = post("/tools/list", "{\"session_id\":\"user_1\"}");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(list.body()).get("resultType").asText()).isEqualTo("complete");

        LoggedRequest listed = upstream.requests("tools/list").get(0);
        JsonNode meta = body(listed).at("/params/_meta");
        assertThat(meta.get("io.modelcontextprotocol/protocolVersion").asText()).isEqualTo("2026-07-28");
        assertThat(meta.get("io.modelcontextprotocol/clientCapabilities").isObject()).isTrue();
        assertThat(meta.at("/io.modelcontextprotocol~1clientInfo/name").asText()).isEqualTo("mcp-gateway");
        assertThat(listed.getHeader("MCP-Protocol-Version")).isEqualTo("2026-07-28");
        assertThat(listed.getHeader("Mcp-Method")).isEqualTo("tools/list");
        assertThat(listed.containsHeader("Mcp-Session-Id")).isFalse();
        assertThat(listed.getHeader("X-Signed-Headers")).contains("mcp-protocol-version", "mcp-method");
    }

    @Test
    void toolsWhoseHeaderDeclarationsCannotBeHonouredAreNotOffered() throws Exception {
        api.accepts(token);
        postInit("user_1", api.apiUrl(""), token);

        JsonNode list = JSON.readTree(post("/tools/list", "{\"session_id\":\"user_1\"}").body());

        assertThat(list.at("/tools").findValuesAsText("name")).containsExactly("forecast", "validate_settings");
    }

    @Test
    void aToolCallMirrorsItsNameAndMarkedArgumentsIntoHeadersWithoutAListFirst() throws Exception {
        api.accepts(token);
        postInit("user_1", api.apiUrl(""), token);
        // no /tools/list by the caller: the gateway fetches the schema that names the header itself

        HttpResponse<String> call = post("/tools/call",
                "{\"session_id\":\"user_1\",\"name\":\"forecast\",\"arguments\":{\"region\":\"Zürich Nord\",\"days\":3}}");

        assertThat(call.statusCode()).isEqualTo(200);
        LoggedRequest called = upstream.requests("tools/call").get(0);
        assertThat(called.getHeader("Mcp-Method")).isEqualTo("tools/call");
        assertThat(called.getHeader("Mcp-Name")).isEqualTo("forecast");
        assertThat(called.getHeader("Mcp-Param-Region")).isEqualTo("=?base64?"
                + Base64.getEncoder().encodeToString("Zürich Nord".getBytes(StandardCharsets.UTF_8)) + "?=");
        assertThat(called.containsHeader("Mcp-Param-days")).isFalse();
        assertThat(called.getHeader("X-Signed-Headers")).contains("mcp-name");
        assertThat(body(called).at("/params/arguments/region").asText()).isEqualTo("Zürich Nord");
        assertThat(upstream.count("tools/list")).isEqualTo(1);
        String progressToken = body(called).at("/params/_meta/progressToken").asText();
        assertThat(progressToken).matches("[0-9a-f-]{36}");
    }
}
