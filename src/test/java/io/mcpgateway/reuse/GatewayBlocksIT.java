package io.mcpgateway.reuse;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.McpModernStub;
import io.mcpgateway.testing.McpTestServer;
import io.mcpgateway.testing.TestTokens;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second, minimal Camel application (a plain DefaultCamelContext: no camel-main, no HTTP server) takes the
 * gateway's building blocks and templates from the jar and uses them in a flow of its own, against a real credential
 * API (WireMock) and a real MCP server (the MCP Java SDK).
 */
class GatewayBlocksIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CredentialApiStub api = new CredentialApiStub();
    @TempDir
    Path dir;
    private DefaultCamelContext app;
    private ProducerTemplate send;

    /** The application: its own settings file, the gateway's blocks, three template instances and a flow of its own. */
    private void startApplication(String mcpServerUrl, String... moreSettings) throws Exception {
        app = new DefaultCamelContext();
        // the application's own settings file names only what it changes
        Path settings = dir.resolve("assistant.properties");
        Files.writeString(settings, "mcp.server-url = " + mcpServerUrl + "\n"
                + "gateway.api.allowed-hosts = 127.0.0.1\n" + String.join("\n", moreSettings) + "\n");
        app.getPropertiesComponent().setLocation("file:" + settings);

        GatewayBlocks.install(app);
        TemplatedRouteBuilder.builder(app, GatewayTemplates.VALIDATE_CREDENTIALS)
                .routeId("check-user").parameter("name", "check-user").add();
        TemplatedRouteBuilder.builder(app, GatewayTemplates.CALL_UPSTREAM)
                .routeId("list-upstream-tools").parameter("name", "list-upstream-tools").add();
        TemplatedRouteBuilder.builder(app, GatewayTemplates.CALL_UPSTREAM).routeId("call-upstream-tool")
                .parameter("name", "call-upstream-tool").parameter("method", "tools/call").add();
        app.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:assistant-flow").routeId("assistant-flow")
                        .onException(Exception.class).handled(true).process("writeErrorResponse").end()
                        .to("direct:check-user")
                        .to("direct:list-upstream-tools");
            }
        });
        app.start();
        send = app.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
        api.close();
    }

    @Test
    void validCredentialsThenAnUpstreamCallGiveTheUpstreamsResult() throws Exception {
        startApplication(McpTestServer.shared().url("http"));
        String token = TestTokens.jwt("alice");
        api.accepts(token);

        Exchange answer = assistantFlow(api.apiUrl(""), token);

        assertThat(answer.getException()).isNull();
        assertThat(answer.getMessage().getBody(JsonNode.class).path("tools").findValuesAsText("name")).contains("echo", "add");
        assertThat(api.probeCount()).isEqualTo(1);
    }

    @Test
    void rejectedCredentialsBecomeTheCatalogAnswerAndTheUpstreamIsNotCalled() throws Exception {
        startApplication(McpTestServer.shared().url("http"));
        api.answers(401, "{\"detail\":\"bad token\"}");
        int upstreamRequests = McpTestServer.shared().requestHeaders().size();
        String token = TestTokens.jwt("mallory");

        Exchange answer = assistantFlow(api.apiUrl(""), token);

        assertThat(answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(401);
        JsonNode error = JSON.readTree(answer.getMessage().getBody(String.class));
        assertThat(error.path("error_type").asText()).isEqualTo("API_ERROR");
        assertThat(error.toString()).doesNotContain(token).doesNotContain("bad token");
        assertThat(McpTestServer.shared().requestHeaders()).hasSize(upstreamRequests);
    }

    @Test
    void theSsrfGuardComesWithTheBlock() throws Exception {
        startApplication(McpTestServer.shared().url("http"));
        Exchange answer = assistantFlow("http://169.254.169.254/latest", TestTokens.jwt("alice"));

        assertThat(answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(401);
        assertThat(JSON.readTree(answer.getMessage().getBody(String.class)).path("error_type").asText()).isEqualTo("AUTH_ERROR");
    }

    @Test
    void aToolCallOnAModernServerNeedsNoGatewaySession() throws Exception {
        try (McpModernStub modern = new McpModernStub()) {
            startApplication(modern.url());

            JsonNode result = send.requestBody("direct:call-upstream-tool",
                    JSON.readTree("{\"name\":\"forecast\",\"arguments\":{\"region\":\"north\"}}"), JsonNode.class);

            assertThat(result.at("/content/0/text").asText()).isEqualTo("sunny");
            assertThat(modern.count("tools/call")).isEqualTo(1);
        }
    }

    @Test
    void aSecondCallInTheSameExchangeHasADeadlineOfItsOwn() throws Exception {
        // closing the first call's upstream session is bounded by the connection timeout; that bound must not stay
        startApplication(McpTestServer.shared().url("http"), "mcp.connection-timeout-seconds = 1");

        Exchange answer = send.send("direct:list-upstream-tools", exchange -> { });
        answer.getMessage().setBody(JSON.readTree("{\"name\":\"slow\",\"arguments\":{\"steps\":6}}"));
        send.send("direct:call-upstream-tool", answer);

        assertThat(answer.getException()).as("a 1.5 s tool within MCP_REQUEST_TIMEOUT").isNull();
        assertThat(answer.getMessage().getBody(JsonNode.class).at("/content/0/text").asText()).isEqualTo("done after 6 steps");
    }

    @Test
    void everyTemplateParameterDescribesItself() throws Exception {
        startApplication(McpTestServer.shared().url("http"));
        for (String template : new String[] {GatewayTemplates.VALIDATE_CREDENTIALS, GatewayTemplates.CALL_UPSTREAM}) {
            assertThat(((ModelCamelContext) app).getRouteTemplateDefinition(template).getTemplateParameters())
                    .isNotEmpty()
                    .extracting(RouteTemplateParameterDefinition::getDescription).allSatisfy(d -> assertThat(d).isNotBlank());
        }
    }

    private Exchange assistantFlow(String apiUrl, String token) {
        return send.send("direct:assistant-flow", exchange -> {
            exchange.setProperty("mcpApiUrl", apiUrl);
            exchange.setProperty("mcpJwtToken", token);
        });
    }
}
