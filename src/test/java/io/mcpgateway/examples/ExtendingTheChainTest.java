package io.mcpgateway.examples;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpgateway.config.GatewayConfiguration;
import io.mcpgateway.session.GatewaySession;
import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.TestTokens;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worked example of docs/extending.md: a team's own step ({@link RequireTenantHeader}) woven into the production
 * {@code admit-tool-request} route right after authentication, with the upstream's HTTP step replaced by a mock as in
 * ToolRoutesTest. Requests travel over real HTTP to the gateway.
 */
class ExtendingTheChainTest extends GatewayTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CALL_ECHO = "{\"session_id\":\"user_1\",\"name\":\"echo\",\"arguments\":{}}";

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
        // the production wiring of docs/extending.md, checked by theTeamsConfigurationBindsTheStepForTheYamlRoutes
        return Map.of("camel.main.configuration-classes",
                GatewayConfiguration.class.getName() + "," + TenantPolicyConfiguration.class.getName(),
                "example.tenant.allowed-pattern", "acme|globex");
    }

    @BeforeEach
    void addTheTenantPolicyAndMockTheUpstream() throws Exception {
        AdviceWith.adviceWith(context, "admit-tool-request", route -> route.weaveById("authenticate-tool-caller")
                .after().process(new RequireTenantHeader("acme|globex")).id("require-tenant"));
        AdviceWith.adviceWith(context, "send-upstream",
                route -> route.weaveById("send-to-upstream").replace().to("mock:upstream"));
        context.start();
        upstream = getMockEndpoint("mock:upstream");
        upstream.whenAnyExchangeReceived(ExtendingTheChainTest::answerAsAModernMcpServer);
        api.accepts(token);
        assertThat(postInit("user_1", api.apiUrl(""), token).statusCode()).isEqualTo(200);
        upstream.reset(); // forgets the answer too
        upstream.whenAnyExchangeReceived(ExtendingTheChainTest::answerAsAModernMcpServer);
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    /** Like an MCP server of the modern revision: no handshake, no session, the same result for any tool. */
    private static void answerAsAModernMcpServer(Exchange exchange) throws IOException {
        JsonNode request = JSON.readTree(exchange.getMessage().getBody(byte[].class));
        String result = request.path("method").asText().equals("server/discover")
                ? "{\"supportedVersions\":[\"2026-07-28\"]}"
                : "{\"content\":[{\"type\":\"text\",\"text\":\"done\"}]}";
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(new ByteArrayInputStream(("{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id")
                + ",\"result\":" + result + "}").getBytes(StandardCharsets.UTF_8)));
    }

    /** The session owner's tool call, with one X-Tenant-Id header per value given. */
    private HttpResponse<String> callEchoAsTenant(String... tenants) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway("/tools/call"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(CALL_ECHO));
        for (String tenant : tenants) {
            request.header(RequireTenantHeader.HEADER, tenant);
        }
        return send(request);
    }

    @Test
    void aToolCallWithoutTheTenantHeaderGetsTheCatalogErrorAndReachesNothing() throws Exception {
        upstream.expectedMessageCount(0);
        GatewaySession session = sessions().peek("user_1").orElseThrow();

        HttpResponse<String> refused = callEchoAsTenant();

        String requestId = refused.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).isEqualTo("{\"status\":\"error\",\"error_type\":\"VALIDATION_ERROR\","
                + "\"error\":\"Missing or unknown X-Tenant-Id header\",\"request_id\":\"" + requestId + "\"}");
        upstream.assertIsSatisfied();
        assertThat(sessions().peek("user_1")).containsSame(session);
        assertThat(session.token()).isEqualTo(token);
    }

    @Test
    void anUnknownTenantAPartialMatchOrARepeatedHeaderIsRefusedWithoutEchoingIt() throws Exception {
        upstream.expectedMessageCount(0);

        for (String[] tenants : new String[][] {{"initech"}, {"acme-evil"}, {"acme", "globex"}, {"a".repeat(65)}}) {
            HttpResponse<String> refused = callEchoAsTenant(tenants);
            assertThat(refused.statusCode()).as("X-Tenant-Id: %s", String.join(", ", tenants)).isEqualTo(400);
            assertThat(refused.body()).contains("\"error_type\":\"VALIDATION_ERROR\"").doesNotContain(tenants[0]);
        }

        upstream.assertIsSatisfied();
    }

    @Test
    void anAllowedTenantPassesThroughToTheUpstreamAndItsHeaderStaysBehind() throws Exception {
        HttpResponse<String> response = callEchoAsTenant("globex");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"content\":[{\"type\":\"text\",\"text\":\"done\"}]}");
        Exchange toolCall = upstream.getReceivedExchanges().get(upstream.getReceivedCounter() - 1);
        assertThat(JSON.readTree(toolCall.getMessage().getBody(byte[].class)).get("method").asText())
                .isEqualTo("tools/call");
        assertThat(toolCall.getMessage().getHeaders()).doesNotContainKey(RequireTenantHeader.HEADER);
    }

    @Test
    void authenticationStillAnswersFirst() {
        HttpResponse<String> anonymous = postJson("/tools/call", CALL_ECHO);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("\"error_type\":\"AUTH_ERROR\"");
    }

    @Test
    void theTeamsConfigurationBindsTheStepForTheYamlRoutes() {
        RequireTenantHeader bound = context.getRegistry().lookupByNameAndType("requireTenantHeader",
                RequireTenantHeader.class);
        Exchange request = new DefaultExchange(context);
        request.getMessage().setHeader(RequireTenantHeader.HEADER, "acme");

        bound.process(request);

        assertThat(request.getProperty(RequireTenantHeader.TENANT)).isEqualTo("acme");
    }
}
