package io.mcpgateway.tools;

import java.io.ByteArrayInputStream;
import java.net.ConnectException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.TestTokens;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tool chain with the upstream's HTTP step replaced by a mock (AdviceWith on the production YAML routes): what
 * each step sends, and how each answer maps, without a network.
 */
class ToolRoutesTest extends GatewayTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CredentialApiStub api = new CredentialApiStub();
    private final String token = TestTokens.jwt("alice");
    private MockEndpoint upstream;

    @Override
    public void configureTest(TestExecutionConfiguration test) {
        super.configureTest(test);
        test.withUseAdviceWith(true);
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("mcp.signing-secret", "route-test-signing-secret-0123456789abcdef", "mcp.max-retries", "1",
                "mcp.auth-token", "gateway-credential-0001", "mcp.circuit-open-seconds", "1");
    }

    @BeforeEach
    void mockTheUpstream() throws Exception {
        AdviceWith.adviceWith(context, "send-upstream",
                route -> route.weaveById("send-to-upstream").replace().to("mock:upstream"));
        context.start();
        upstream = getMockEndpoint("mock:upstream");
        answerEveryRequest(200, "{\"tools\":[]}");
        api.accepts(token);
        assertThat(postInit("user_1", api.apiUrl(""), token).statusCode()).isEqualTo(200);
        upstream.reset();
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    /** The mock answers like a legacy MCP server: JSON with the request's id and the given result. */
    private void answerEveryRequest(int status, String result) {
        upstream.whenAnyExchangeReceived(exchange -> {
            JsonNode request = JSON.readTree(exchange.getMessage().getBody(byte[].class));
            String body = request.has("id")
                    ? "{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id") + ",\"result\":"
                    + (request.path("method").asText().equals("initialize")
                            ? "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{}}" : result) + "}"
                    : "";
            exchange.getMessage().removeHeaders("*");
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, request.has("id") ? status : 202);
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.getMessage().setHeader("Mcp-Session-Id", "mock-session");
            exchange.getMessage().setBody(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        });
    }

    private HttpResponse<String> post(String path, String json) {
        return postAs(token, path, json);
    }

    @Test
    void eachUpstreamRequestIsBuiltFromScratchWithTheGatewaysCredentialAndSignature() throws Exception {
        upstream.expectedMessageCount(1);

        send(HttpRequest.newBuilder(gateway("/tools/list")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).header("X-Forwarded-For", "10.1.1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"session_id\":\"user_1\"}")));

        upstream.assertIsSatisfied();
        Map<String, Object> headers = upstream.getExchanges().get(0).getMessage().getHeaders();
        assertThat(headers).containsEntry("Authorization", "Bearer gateway-credential-0001")
                .containsEntry("Mcp-Session-Id", "mock-session").containsEntry("MCP-Protocol-Version", "2025-06-18")
                .containsEntry("Accept", "application/json, text/event-stream")
                .containsKeys("X-Request-Signature", "X-Request-Nonce", "X-Request-Timestamp", "X-Content-SHA256")
                .doesNotContainKeys("X-Forwarded-For");
        assertThat(headers.get("X-Signed-Headers").toString()).isEqualTo("mcp-session-id;mcp-protocol-version");
        JsonNode body = JSON.readTree(upstream.getExchanges().get(0).getMessage().getBody(byte[].class));
        assertThat(body.get("method").asText()).isEqualTo("tools/list");
    }

    @Test
    void requestsRefusedByTheChainNeverReachTheUpstream() throws Exception {
        answerEveryRequest(200, "{\"tools\":[{\"name\":\"add\",\"inputSchema\":{\"type\":\"object\","
                + "\"properties\":{\"a\":{\"type\":\"number\"}}}}]}");
        post("/tools/list", "{\"session_id\":\"user_1\"}");
        upstream.reset();
        upstream.expectedMessageCount(0);

        assertThat(post("/tools/call", "{\"session_id\":\"user_1\",\"name\":\"add\",\"arguments\":{\"t\":\""
                + "x".repeat(1_100_000) + "\"}}").statusCode()).as("size").isEqualTo(413);
        assertThat(postJson("/tools/call", "{\"session_id\":\"user_1\",\"name\":\"add\"}").statusCode()).as("no token")
                .isEqualTo(401);
        assertThat(post("/tools/call", "{\"session_id\":\"nobody\",\"name\":\"add\"}").statusCode()).as("unknown session")
                .isEqualTo(404);
        assertThat(post("/tools/call", "{\"session_id\":\"user_1\",\"name\":\"a b\"}").statusCode()).as("name")
                .isEqualTo(400);
        assertThat(post("/tools/call", "{\"session_id\":\"user_1\",\"name\":\"add\",\"arguments\":{\"a\":\"x\"}}")
                .statusCode()).as("schema").isEqualTo(400);

        upstream.assertIsSatisfied();
    }

    @Test
    void theCircuitOpensWithoutTouchingTheUpstreamThenHalfOpensAndCloses() throws Exception {
        upstream.whenAnyExchangeReceived(exchange -> {
            throw new ConnectException("refused");
        });
        HttpResponse<String> answer = post("/tools/list", "{\"session_id\":\"user_1\"}");
        for (int i = 0; i < 20 && answer.statusCode() != 503; i++) {
            assertThat(answer.statusCode()).isEqualTo(500);
            answer = post("/tools/list", "{\"session_id\":\"user_1\"}");
        }
        assertThat(answer.statusCode()).as("open").isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
        int reached = upstream.getReceivedCounter();
        assertThat(post("/tools/list", "{\"session_id\":\"user_1\"}").statusCode()).isEqualTo(503);
        assertThat(upstream.getReceivedCounter()).as("open: no call").isEqualTo(reached);

        answerEveryRequest(200, "{\"tools\":[]}");
        Thread.sleep(1_200); // MCP_CIRCUIT_OPEN_SECONDS=1: the next calls are half-open trials
        for (int i = 0; i < 5; i++) {
            assertThat(post("/tools/list", "{\"session_id\":\"user_1\"}").statusCode()).as("half-open, then closed")
                    .isEqualTo(200);
        }
        assertThat(upstream.getReceivedCounter()).isEqualTo(reached + 5);
    }

    @Test
    void aToolResultThatReportsAnErrorIsStillA200() throws Exception {
        answerEveryRequest(200, "{\"content\":[{\"type\":\"text\",\"text\":\"boom\"}],\"isError\":true}");

        HttpResponse<String> response = post("/tools/call", "{\"session_id\":\"user_1\",\"name\":\"x\",\"arguments\":{}}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("isError").asBoolean()).isTrue();
    }

    @Test
    void theGatewaysOwnToolIsListedOnceAndAnsweredLocally() throws Exception {
        answerEveryRequest(200, "{\"tools\":[{\"name\":\"echo\",\"inputSchema\":{\"type\":\"object\"}}]}");

        JsonNode list = JSON.readTree(post("/tools/list", "{\"session_id\":\"user_1\"}").body());
        assertThat(list.at("/tools").findValuesAsText("name")).containsExactly("echo", "validate_settings");

        upstream.reset();
        upstream.expectedMessageCount(0);
        HttpResponse<String> validate = post("/tools/call",
                "{\"session_id\":\"user_1\",\"name\":\"validate_settings\",\"arguments\":{}}");
        assertThat(JSON.readTree(validate.body()).at("/content/0/text").asText()).isEqualTo("{\"status\":\"success\"}");
        upstream.assertIsSatisfied();
    }

    @Test
    void aConnectionFailureIsRetriedThenAnswered() throws Exception {
        upstream.whenExchangeReceived(1, exchange -> {
            throw new ConnectException("Connection refused: mcp.internal/10.0.0.9:443");
        });
        upstream.whenExchangeReceived(2, exchange -> {
            throw new ConnectException("Connection refused: mcp.internal/10.0.0.9:443");
        });

        HttpResponse<String> response = post("/tools/list", "{\"session_id\":\"user_1\"}");

        assertThat(upstream.getReceivedCounter()).isEqualTo(2); // MCP_MAX_RETRIES=1 here
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("\"error_type\":\"NETWORK_ERROR\"").doesNotContain("10.0.0.9");
    }

    @Test
    void anInvalidParamsErrorIsAToolErrorAndAnyOtherAnUpstreamError() throws Exception {
        upstream.whenAnyExchangeReceived(exchange -> {
            JsonNode request = JSON.readTree(exchange.getMessage().getBody(byte[].class));
            String name = request.at("/params/name").asText();
            int code = name.equals("bad") ? -32602 : -32000;
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.getMessage().setBody(new ByteArrayInputStream(("{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id")
                    + ",\"error\":{\"code\":" + code + ",\"message\":\"Invalid arguments: x\"}}").getBytes(StandardCharsets.UTF_8)));
        });

        HttpResponse<String> invalid = post("/tools/call", "{\"session_id\":\"user_1\",\"name\":\"bad\",\"arguments\":{}}");
        HttpResponse<String> other = post("/tools/call", "{\"session_id\":\"user_1\",\"name\":\"other\",\"arguments\":{}}");

        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("\"error_type\":\"TOOL_ERROR\"", "Invalid arguments: x");
        assertThat(other.statusCode()).isEqualTo(502);
        assertThat(other.body()).contains("\"error_type\":\"UPSTREAM_ERROR\"").doesNotContain("Invalid arguments");
    }

    /**
     * Both tool front doors pass the one admission chain (an integration team's policy woven into it holds for both):
     * each request once, as authenticated, before anything is sent upstream.
     */
    @Test
    void listsAndCallsPassTheOneAdmissionChain() throws Exception {
        List<String> authenticated = new CopyOnWriteArrayList<>();
        AdviceWith.adviceWith(context, "admit-tool-request", route -> route.weaveById("authenticate-tool-caller")
                .after().process(exchange -> authenticated.add(exchange.getFromRouteId() + " "
                        + exchange.getProperty("gatewayUpstreamMethod"))));
        answerEveryRequest(200, "{\"tools\":[]}");

        assertThat(post("/tools/list", "{\"session_id\":\"user_1\"}").statusCode()).isEqualTo(200);
        assertThat(post("/tools/call", "{\"session_id\":\"user_1\",\"name\":\"validate_settings\"}").statusCode())
                .isEqualTo(200);
        assertThat(postAs(TestTokens.jwt("mallory"), "/tools/list", "{\"session_id\":\"user_1\"}").statusCode())
                .isEqualTo(401);

        assertThat(authenticated).containsExactly("list-tools tools/list", "call-tool tools/call");
    }
}
