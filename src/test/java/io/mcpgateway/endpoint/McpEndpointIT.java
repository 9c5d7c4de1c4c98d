package io.mcpgateway.endpoint;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /mcp} over real HTTP, in front of the MCP Java SDK server and a WireMock credential API: the legacy-era
 * session from initialize to DELETE, the OAuth challenge and metadata, and the refusals at the door.
 */
class McpEndpointIT extends GatewayTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";

    private final CredentialApiStub api = new CredentialApiStub();

    @Override
    protected Map<String, String> settings() {
        return Map.of("gateway.mcp-endpoint.api-url", api.apiUrl(""),
                "gateway.mcp-endpoint.allowed-origins", "https://app.example.com");
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void aClientOpensASessionListsAndCallsToolsAndEndsIt() throws Exception {
        String token = TestTokens.jwt("alice");
        api.accepts(token);

        HttpResponse<String> init = mcp(token, null, INITIALIZE);
        assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
        JsonNode initialized = JSON.readTree(init.body());
        assertThat(initialized.path("id").asInt()).isEqualTo(1);
        assertThat(initialized.at("/result/protocolVersion").asText()).as("the client's version, supported").isEqualTo("2025-06-18");
        assertThat(initialized.at("/result/capabilities/tools").isObject()).isTrue();
        String sessionId = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertThat(sessionId).as("at least 128 random bits").hasSizeGreaterThanOrEqualTo(22);
        assertThat(sessions().peek(sessionId)).as("a gateway session like a REST one").isPresent();
        assertThat(api.probeHeaders()).as("the token proven before the session existed").hasSize(1);

        assertThat(mcp(token, sessionId, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").statusCode())
                .isEqualTo(202);
        assertThat(mcp(TestTokens.jwt("stranger"), sessionId, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                .statusCode()).as("a notification is authenticated like a request").isEqualTo(404);

        JsonNode list = JSON.readTree(mcp(token, sessionId, "{\"jsonrpc\":\"2.0\",\"id\":\"l\",\"method\":\"tools/list\"}").body());
        assertThat(list.path("id").asText()).isEqualTo("l");
        assertThat(list.at("/result/tools").findValuesAsText("name")).contains("echo", "add", "validate_settings");

        HttpResponse<String> call = mcp(token, sessionId, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"hello\"}}}");
        assertThat(call.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(call.body()).at("/result/content/0/text").asText()).contains("hello");

        JsonNode invalid = JSON.readTree(mcp(token, sessionId, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":7}}}").body());
        assertThat(invalid.at("/error/code").asInt()).as("a schema violation").isEqualTo(-32602);
        assertThat(invalid.path("id").asInt()).isEqualTo(3);

        assertThat(JSON.readTree(mcp(token, sessionId, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\"}").body())
                .path("result").isObject()).isTrue();
        JsonNode unknown = JSON.readTree(mcp(token, sessionId, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"no/such\"}").body());
        assertThat(unknown.at("/error/code").asInt()).isEqualTo(-32601);

        String mallory = TestTokens.jwt("mallory");
        api.accepts(mallory);
        HttpResponse<String> foreign = mcp(mallory, sessionId, "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/list\"}");
        assertThat(foreign.statusCode()).as("another principal's token: as for an unknown id").isEqualTo(404);
        assertThat(foreign.body()).isEqualTo(mcp(mallory, "no-such-session", "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/list\"}")
                .body().replaceAll("\"request_id\":\"[^\"]+\"", "\"request_id\":\"" + requestIdOf(foreign.body()) + "\""));

        HttpResponse<String> end = send(HttpRequest.newBuilder(gateway("/mcp")).header("Authorization", "Bearer " + token)
                .header("Mcp-Session-Id", sessionId).DELETE());
        assertThat(end.statusCode()).isEqualTo(204);
        assertThat(mcp(token, sessionId, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}").statusCode())
                .as("an ended session is unknown: the client initializes again").isEqualTo(404);
    }

    @Test
    void everyUnauthenticatedAnswerNamesTheProtectedResourceMetadataWhichIsServed() throws Exception {
        HttpResponse<String> none = mcp(null, null, INITIALIZE);
        assertThat(none.statusCode()).isEqualTo(401);
        String base = "http://127.0.0.1:" + gatewayPort();
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue(
                "Bearer resource_metadata=\"" + base + "/.well-known/oauth-protected-resource/mcp\"");

        String refused = TestTokens.jwt("eve");
        api.answers(401, "{}");
        HttpResponse<String> invalid = mcp(refused, null, INITIALIZE);
        assertThat(invalid.statusCode()).isEqualTo(401);
        assertThat(invalid.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
        assertThat(sessions().size()).as("nothing opened for refused credentials").isZero();

        for (String path : new String[] {"/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"}) {
            HttpResponse<String> metadata = send(HttpRequest.newBuilder(gateway(path)).GET());
            assertThat(metadata.statusCode()).as(path).isEqualTo(200);
            JsonNode document = JSON.readTree(metadata.body());
            assertThat(document.path("resource").asText()).isEqualTo(base + "/mcp");
            assertThat(document.path("bearer_methods_supported").toString()).isEqualTo("[\"header\"]");
        }
    }

    @Test
    void theDoorRefusesForeignOriginsTokensInTheQueryAndMessagesThatAreNotJsonRpc() throws Exception {
        String token = TestTokens.jwt("alice");
        api.accepts(token);

        HttpResponse<String> foreignOrigin = send(HttpRequest.newBuilder(gateway("/mcp")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).header("Origin", "https://evil.example.net")
                .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE)));
        assertThat(foreignOrigin.statusCode()).isEqualTo(403);
        HttpResponse<String> allowedOrigin = send(HttpRequest.newBuilder(gateway("/mcp")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).header("Origin", "https://app.example.com")
                .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE)));
        assertThat(allowedOrigin.statusCode()).isEqualTo(200);

        HttpResponse<String> inQuery = send(HttpRequest.newBuilder(gateway("/mcp?access_token=" + token))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(INITIALIZE)));
        assertThat(inQuery.statusCode()).isEqualTo(401);
        assertThat(inQuery.body()).doesNotContain(token);

        assertThat(JSON.readTree(mcp(token, null, "{not json").body()).at("/error/code").asInt()).isEqualTo(-32700);
        HttpResponse<String> batch = mcp(token, null, "[" + INITIALIZE + "]");
        assertThat(batch.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(batch.body()).at("/error/code").asInt()).isEqualTo(-32600);
        assertThat(mcp(token, null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}").statusCode())
                .as("no session id: initialize first").isEqualTo(400);
        assertThat(send(HttpRequest.newBuilder(gateway("/mcp")).header("Authorization", "Bearer " + token).GET())
                .statusCode()).as("no server-initiated stream is offered").isEqualTo(405);
    }

    private static String requestIdOf(String body) throws Exception {
        return JSON.readTree(body).at("/error/data/request_id").asText();
    }

    private HttpResponse<String> mcp(String token, String sessionId, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway("/mcp")).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (sessionId != null) {
            request.header("Mcp-Session-Id", sessionId);
        }
        return send(request);
    }
}
