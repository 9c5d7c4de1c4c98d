package io.mcpgateway.tools;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.McpTestServer;
import io.mcpgateway.testing.TestCertificates;
import io.mcpgateway.testing.TestTokens;
import io.mcpgateway.upstream.signing.SignatureVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tool path end to end: a real MCP server (the MCP Java SDK) behind TLS with a CA made at test time, which
 * verifies the signature and the gateway's bearer credential on every request, and a real credential API.
 */
class ToolPathIT extends GatewayTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SIGNING_SECRET = "tool-path-test-signing-secret-0123456789";
    private static final String GATEWAY_CREDENTIAL = "gateway-own-credential-for-the-mcp-server";
    private static final TestCertificates CA = new TestCertificates("tool path test CA");
    private static final McpTestServer MCP = start();
    private static final Path CA_PEM = writeCa();

    private final CredentialApiStub api = new CredentialApiStub();
    private final String alice = TestTokens.jwt("alice");

    private static McpTestServer start() {
        try {
            return new McpTestServer(CA.issue("localhost", "localhost", "127.0.0.1").sslContext(CA),
                    new SignatureVerifier(SIGNING_SECRET.getBytes(StandardCharsets.UTF_8)), GATEWAY_CREDENTIAL);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path writeCa() {
        try {
            return CA.ca().writeCertificate(Files.createTempDirectory("mcp-ca"), "ca.pem");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        MCP.close();
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("mcp.server-url", MCP.url("https"), "mcp.cert-path", CA_PEM.toString(),
                "mcp.auth-token", GATEWAY_CREDENTIAL, "mcp.signing-secret", SIGNING_SECRET,
                "mcp.rate-limit-per-minute", "30", "gateway.init.rate-limit-per-minute", "1000",
                "mcp.forward-user-context", "true");
    }

    @BeforeEach
    void openSession() {
        api.accepts(alice);
        assertThat(postInit("user_1", api.apiUrl(""), alice).statusCode()).isEqualTo(200);
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    private HttpResponse<String> tools(String path, String json, String token) {
        return token == null ? postJson(path, json) : postAs(token, path, json);
    }

    private HttpResponse<String> call(String tool, String arguments) {
        return tools("/tools/call", "{\"session_id\":\"user_1\",\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}",
                alice);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void initOpensAnUpstreamSessionAndEveryRequestIsSignedWithTheGatewaysCredential() throws Exception {
        HttpResponse<String> list = tools("/tools/list", "{\"session_id\":\"user_1\"}", alice);

        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(json(list).at("/tools").findValuesAsText("name"))
                .contains("echo", "add", "fail", "slow", "validate_settings");
        assertThat(MCP.refusals()).isEmpty();
        assertThat(MCP.requestHeaders()).isNotEmpty().allSatisfy(headers -> {
            assertThat(headers.get("Authorization")).isEqualTo("Bearer " + GATEWAY_CREDENTIAL);
            assertThat(headers.get("X-Request-Signature")).startsWith("v1=");
        });
        Map<String, String> last = MCP.requestHeaders().get(MCP.requestHeaders().size() - 1);
        assertThat(last.get("Mcp-Session-Id")).isNotBlank();
        assertThat(last.get("MCP-Protocol-Version")).isNotBlank();
        assertThat(last.get("X-Signed-Headers")).contains("mcp-session-id", "mcp-protocol-version");
    }

    @Test
    void theUsersApiContextIsForwardedSignedWhenEnabled() throws Exception {
        assertThat(call("echo", "{\"text\":\"x\"}").statusCode()).isEqualTo(200);

        Map<String, String> last = MCP.requestHeaders().get(MCP.requestHeaders().size() - 1);
        assertThat(last.get("X-User-Api-Url")).isEqualTo(api.apiUrl(""));
        assertThat(last.get("X-User-Api-Token")).isEqualTo(alice);
        assertThat(last.get("X-Signed-Headers")).contains("x-user-api-url", "x-user-api-token");
        assertThat(MCP.refusals()).isEmpty();
    }

    @Test
    void callsReturnTheUpstreamResultAsItIs() throws Exception {
        HttpResponse<String> echo = call("echo", "{\"text\":\"héllo\"}");
        HttpResponse<String> add = call("add", "{\"a\":2,\"b\":3}");
        HttpResponse<String> fail = call("fail", "{}");
        HttpResponse<String> slow = call("slow", "{\"steps\":2}");

        assertThat(echo.statusCode()).isEqualTo(200);
        assertThat(json(echo).at("/content/0/text").asText()).isEqualTo("héllo");
        assertThat(json(add).at("/structuredContent/sum").asDouble()).isEqualTo(5.0);
        assertThat(fail.statusCode()).isEqualTo(200);
        assertThat(json(fail).at("/isError").asBoolean()).isTrue();
        assertThat(json(slow).at("/content/0/text").asText()).isEqualTo("done after 2 steps");
        JsonNode progress = json(slow).at("/_meta/io.mcpgateway~1notifications");
        assertThat(progress).hasSize(2);
        assertThat(progress.findValuesAsText("method")).containsOnly("notifications/progress");
        assertThat(progress.get(1).at("/params/progress").asInt()).isEqualTo(2);
        assertThat(MCP.refusals()).isEmpty();
    }

    @Test
    void argumentsAreValidatedAgainstTheListedSchemaWithoutCallingUpstream() throws Exception {
        tools("/tools/list", "{\"session_id\":\"user_1\"}", alice);
        int before = MCP.requestHeaders().size();

        HttpResponse<String> invalid = call("add", "{\"a\":\"two\",\"b\":3}");

        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json(invalid).get("error_type").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(json(invalid).get("error").asText()).isEqualTo("Invalid arguments at /a: fails 'type'");
        assertThat(MCP.requestHeaders()).hasSize(before);
    }

    @Test
    void anUnknownToolIsAToolErrorWithTheUpstreamsMessage() throws Exception {
        HttpResponse<String> response = call("no_such_tool", "{}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error_type").asText()).isEqualTo("TOOL_ERROR");
        assertThat(json(response).get("error").asText()).startsWith("Unknown tool");
    }

    @Test
    void validateSettingsRunsTheProbeWithTheSessionsCredentials() throws Exception {
        HttpResponse<String> valid = call("validate_settings", "{}");
        assertThat(json(valid).at("/content/0/text").asText()).isEqualTo("{\"status\":\"success\"}");

        api.reset();
        api.answers(403, "");
        HttpResponse<String> invalid = call("validate_settings", "{}");
        assertThat(invalid.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(json(invalid).at("/content/0/text").asText())).isEqualTo(JSON.readTree(
                "{\"error\":\"Connection test failed: 403 Forbidden\",\"error_type\":\"API_ERROR\",\"status\":\"error\"}"));
        assertThat(json(invalid).at("/isError").asBoolean()).isTrue();
    }

    @Test
    void callersMustPresentTheSessionsToken() throws Exception {
        HttpResponse<String> none = tools("/tools/list", "{\"session_id\":\"user_1\"}", null);
        HttpResponse<String> other = tools("/tools/list", "{\"session_id\":\"user_1\"}", TestTokens.jwt("alice"));
        HttpResponse<String> unknown = tools("/tools/list", "{\"session_id\":\"nobody\"}", alice);

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(other.statusCode()).isEqualTo(401);
        // the rest of the request is checked only once the caller is authenticated
        HttpResponse<String> malformed = tools("/tools/call", "{\"session_id\":\"user_1\",\"name\":\"bad name\"}", null);
        assertThat(malformed.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("error_type").asText()).isEqualTo("SESSION_NOT_FOUND");
    }

    @Test
    void malformedToolRequestsAreRefusedBeforeTheUpstream() throws Exception {
        int before = MCP.requestHeaders().size();

        assertThat(call("bad name", "{}").statusCode()).isEqualTo(400);
        assertThat(call("echo", "[1]").statusCode()).isEqualTo(400);
        assertThat(call("echo", "{\"a\":" + "{\"a\":".repeat(40) + "1" + "}".repeat(40) + "}").statusCode()).isEqualTo(400);
        HttpResponse<String> big = tools("/tools/call", "{\"session_id\":\"user_1\",\"name\":\"echo\",\"arguments\":{\"t\":\""
                + "x".repeat(1024 * 1024) + "\"}}", alice);
        assertThat(big.statusCode()).isEqualTo(413);

        assertThat(MCP.requestHeaders()).hasSize(before);
    }

    private String currentUpstreamSessionId() {
        for (int i = MCP.requestHeaders().size() - 1; i >= 0; i--) {
            String id = MCP.requestHeaders().get(i).get("Mcp-Session-Id");
            if (id != null) {
                return id;
            }
        }
        throw new AssertionError("no upstream session seen");
    }

    /** Ends an upstream session behind the gateway's back, as a server restart or expiry would. */
    private void endUpstreamSessionDirectly(String upstreamSessionId) throws Exception {
        Map<String, String> signed = new io.mcpgateway.upstream.signing.RequestSigner(
                SIGNING_SECRET.getBytes(StandardCharsets.UTF_8)).sign("DELETE", "/mcp", new byte[0],
                Map.of("mcp-session-id", upstreamSessionId));
        HttpRequest.Builder delete = HttpRequest.newBuilder(java.net.URI.create(MCP.url("https"))).DELETE()
                .header("Mcp-Session-Id", upstreamSessionId).header("Authorization", "Bearer " + GATEWAY_CREDENTIAL);
        signed.forEach(delete::header);
        java.net.http.HttpClient trusting = java.net.http.HttpClient.newBuilder()
                .sslContext(CA.issue("test-client").sslContext(CA)).build();
        assertThat(trusting.send(delete.build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isLessThan(300);
    }

    @Test
    void anUpstreamSessionThatEndedIsReopenedTransparently() throws Exception {
        String first = currentUpstreamSessionId();
        endUpstreamSessionDirectly(first);

        HttpResponse<String> echo = call("echo", "{\"text\":\"still here\"}");

        assertThat(echo.statusCode()).isEqualTo(200);
        assertThat(json(echo).at("/content/0/text").asText()).isEqualTo("still here");
        assertThat(currentUpstreamSessionId()).isNotEqualTo(first);
        assertThat(MCP.refusals()).isEmpty();
    }

    @Test
    void closingTheGatewaySessionEndsTheUpstreamSession() throws Exception {
        String upstream = currentUpstreamSessionId();

        assertThat(deleteSession("user_1", alice).statusCode()).isEqualTo(204);

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(MCP.requestHeaders()).anySatisfy(headers -> {
                    assertThat(headers.get(":method")).isEqualTo("DELETE");
                    assertThat(headers.get("Mcp-Session-Id")).isEqualTo(upstream);
                }));
        assertThat(MCP.refusals()).isEmpty();
    }

    @Test
    void eachSessionIsRateLimited() throws Exception {
        HttpResponse<String> last = null;
        for (int i = 0; i < 31; i++) {
            last = call("echo", "{\"text\":\"" + i + "\"}");
        }

        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.headers().firstValue("Retry-After")).hasValue("60");
    }
}
