package io.mcpgateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpgateway.demo.DemoCredentialApi;
import io.mcpgateway.demo.DemoWalkthrough;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.PackagedJar;
import io.mcpgateway.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code java -jar mcp-gateway.jar --demo}, the README's run command, as its own process: the banner, the README and
 * the demo's real answers must all agree on the walkthrough.
 */
class DemoModeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int PORT = GatewayTestSupport.freePort();

    private static PackagedJar demo;

    @BeforeAll
    static void startTheDemo() throws Exception {
        demo = PackagedJar.start(Map.of("GATEWAY_PORT", String.valueOf(PORT)), "--demo");
        // the walkthrough is printed once the gateway listens
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> demo.stdout().contains("stop it with Ctrl+C") || !demo.process().isAlive());
        assertThat(demo.process().isAlive()).as(demo.output()).isTrue();
    }

    @AfterAll
    static void stopTheDemo() throws Exception {
        demo.close();
    }

    @Test
    void theBannerWarnsLoudlyAndPrintsTheWalkthroughForTheRealPort() {
        assertThat(demo.stdout()).contains("*** DEMO MODE: built-in sample MCP server and credential API, random secrets,"
                + " loopback only. Never use in production. ***", DemoCredentialApi.DEMO_TOKEN);
        assertThat(DemoWalkthrough.steps(PORT))
                .allSatisfy(step -> assertThat(demo.stdout()).contains(step.curl()));
        assertThat(demo.stdout()).as("the run's own secrets are set, and never shown")
                .contains("MCP_AUTH_TOKEN = (set, masked)", "MCP_SIGNING_SECRET = (set, masked)");
    }

    @Test
    void theReadmeShowsTheSameCommandsForPort8080() throws Exception {
        String readme = Files.readString(Path.of("README.md"));

        assertThat(readme).contains("java -jar target/mcp-gateway.jar --demo");
        assertThat(DemoWalkthrough.steps(8080)).allSatisfy(step -> assertThat(readme).contains(step.curl()));
    }

    @Test
    void theWalkthroughGetsTheAnswersItDocuments() throws Exception {
        Map<String, HttpResponse<String>> answers = new HashMap<>();
        for (DemoWalkthrough.Step step : DemoWalkthrough.steps(PORT)) {
            HttpResponse<String> answer = send(step);
            assertThat(answer.statusCode()).as(step.name() + ": " + answer.body()).isEqualTo(step.expectedStatus());
            answers.put(step.name(), answer);
        }

        assertThat(json(answers.get("init"))).isEqualTo(JSON.readTree("{\"status\":\"ok\"}"));
        JsonNode tools = json(answers.get("list")).get("tools");
        assertThat(tools.findValuesAsText("name")).containsExactlyInAnyOrder("echo", "add", "slow", "fail",
                "validate_settings");
        assertThat(tools).allSatisfy(tool -> assertThat(tool.at("/inputSchema/type").asText()).isEqualTo("object"));
        assertThat(json(answers.get("echo")).at("/content/0/text").asText()).isEqualTo("hello");
        assertThat(json(answers.get("add")).at("/content/0/text").asText()).isEqualTo("2 + 3 = 5");
        assertThat(json(answers.get("add")).at("/structuredContent/sum").asDouble()).isEqualTo(5.0);
        JsonNode slow = json(answers.get("slow"));
        assertThat(slow.at("/content/0/text").asText()).isEqualTo("done after 3 steps");
        assertThat(slow.at("/_meta/io.mcpgateway~1notifications").findValuesAsText("method"))
                .containsExactly("notifications/progress", "notifications/progress", "notifications/progress");
        assertThat(json(answers.get("fail")).at("/isError").asBoolean()).isTrue();
        assertThat(answers.get("close").body()).isEmpty();
        assertThat(json(answers.get("list-after-close")).get("error_type").asText()).isEqualTo("SESSION_NOT_FOUND");
    }

    @Test
    void theSampleCredentialApiAcceptsTheDemoTokenOnly() throws Exception {
        String otherToken = TestTokens.jwt("mallory");

        assertThat(validate("Bearer " + DemoCredentialApi.DEMO_TOKEN).statusCode()).isEqualTo(200);
        assertThat(validate("Bearer " + otherToken).statusCode()).isEqualTo(401);
        assertThat(validate(null).statusCode()).isEqualTo(401);
        HttpResponse<String> init = post("/init", "{\"session_id\":\"mallory\",\"apiUrl\":\""
                + DemoCredentialApi.apiUrl(PORT) + "\",\"jwtToken\":\"" + otherToken + "\"}");
        assertThat(init.statusCode()).isEqualTo(401);
        assertThat(json(init).get("error_type").asText()).isEqualTo("API_ERROR");
    }

    @Test
    void healthMetricsAndAuditAreOnTheirOwnPortAndStream() throws Exception {
        java.util.regex.Matcher printed = java.util.regex.Pattern
                .compile("Health and metrics: http://127\\.0\\.0\\.1:(\\d+)/observe/health/ready").matcher(demo.stdout());
        assertThat(printed.find()).as(demo.stdout()).isTrue();
        int management = Integer.parseInt(printed.group(1));
        assertThat(management).isNotEqualTo(PORT);
        String sessionId = "observed";
        assertThat(post("/init", "{\"session_id\":\"" + sessionId + "\",\"apiUrl\":\"" + DemoCredentialApi.apiUrl(PORT)
                + "\",\"jwtToken\":\"" + DemoCredentialApi.DEMO_TOKEN + "\"}").statusCode()).isEqualTo(200);

        HttpResponse<String> ready = get(management, "/observe/health/ready?exposureLevel=full");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("upstream-circuit", "configuration");
        assertThat(get(management, "/observe/health/live").statusCode()).isEqualTo(200);
        assertThat(get(PORT, "/observe/health").statusCode()).as("not on the callers' port").isEqualTo(404);
        String metrics = get(management, "/observe/metrics").body();
        assertThat(metrics).contains("mcp_gateway_requests_total{outcome=\"ok\",route=\"init-session\",status=\"200\"}",
                "mcp_gateway_credential_probe_duration_seconds_count{outcome=\"valid\"}",
                "mcp_gateway_sessions_active", "resilience4j_circuitbreaker_state{name=\"mcp-upstream\"")
                .doesNotContain(sessionId).doesNotContain(DemoCredentialApi.DEMO_TOKEN);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(demo.stdout())
                .containsPattern("\\{\"ts\":\"[^\"]+\",\"event\":\"session_opened\",\"request_id\":\"[^\"]+\",\"session_id\":\""
                        + sessionId + "\""));
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void demoModeRefusesToStartOnANonLoopbackAddress() throws Exception {
        try (PackagedJar exposed = PackagedJar.start(Map.of("GATEWAY_HOST", "0.0.0.0",
                "GATEWAY_PORT", String.valueOf(GatewayTestSupport.freePort())), "--demo")) {
            assertThat(exposed.process().waitFor(60, TimeUnit.SECONDS)).as("the demo stopped").isTrue();

            assertThat(exposed.process().exitValue()).as(exposed.output()).isEqualTo(2);
            assertThat(exposed.stderr()).isEqualTo("Invalid configuration: --demo runs on loopback only, and GATEWAY_HOST"
                    + " names another address: unset it to run the demo" + System.lineSeparator());
            assertThat(exposed.stdout()).isEmpty();
        }
    }

    private static HttpResponse<String> send(DemoWalkthrough.Step step) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(step.url())).timeout(Duration.ofSeconds(30))
                .method(step.method(), step.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(step.body()));
        step.headers().forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> validate(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(DemoCredentialApi.apiUrl(PORT) + "/settings/validate"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString("{}"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }
}
