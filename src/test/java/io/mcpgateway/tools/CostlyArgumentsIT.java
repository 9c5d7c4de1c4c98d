package io.mcpgateway.tools;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.McpUpstreamStub;
import io.mcpgateway.testing.TestTokens;
import io.mcpgateway.config.GatewayConfiguration;
import io.mcpgateway.config.GatewaySettings;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9 item 7: an upstream schema whose pattern backtracks ({@code \s+$}) and arguments made to be costly to check
 * (40,000 spaces and an "x"). Validating costs CPU and may fetch the tool list, so it runs after the per-session
 * limits: one session's burst gets no more validations at once than it may have calls in progress.
 */
class CostlyArgumentsIT extends GatewayTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PER_SESSION = 4;
    private static final int BURST = 12;

    @AutoClose
    private final CredentialApiStub api = new CredentialApiStub();
    @AutoClose
    private final McpUpstreamStub upstream = new McpUpstreamStub();
    private final String token = TestTokens.jwt("alice");

    @Override
    protected Map<String, String> settings() {
        return Map.of("mcp.server-url", upstream.url(), "mcp.request-timeout-seconds", "300",
                "mcp.rate-limit-per-minute", "1000", "mcp.max-retries", "0",
                "mcp.max-concurrent-calls-per-session", String.valueOf(PER_SESSION));
    }

    @Test
    void aBurstOfCostlyCallsFromOneSessionIsValidatedAtMostFourAtATime() throws Exception {
        // The tool list is the upstream's to give: it answers after 3 s, so the calls admitted first are still
        // fetching it (holding their slots) when the rest of the burst, sent at once, arrives.
        upstream.listsTools(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withFixedDelay(3_000).withTransformers("response-template")
                .withBody("{\"jsonrpc\":\"2.0\",\"id\":{{jsonPath request.body '$.id'}},\"result\":{\"tools\":[{\"name\":"
                        + "\"match\",\"inputSchema\":{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\","
                        + "\"pattern\":\"\\\\\\\\s+$\"}}}}]}}"));
        api.accepts(token);
        assertThat(postInit("user_1", api.apiUrl(""), token).statusCode()).isEqualTo(200);
        String call = JSON.createObjectNode().put("session_id", "user_1").put("name", "match")
                .set("arguments", JSON.createObjectNode().put("text", " ".repeat(40_000) + "x")).toString();

        List<HttpResponse<String>> answers = sendAtOnce(call);

        List<Integer> statuses = answers.stream().map(HttpResponse::statusCode).toList();
        assertThat(statuses).as("every call is refused: over the limit, or invalid").containsOnly(400, 429);
        assertThat(statuses.stream().filter(status -> status == 400).count()).as("validated").isLessThanOrEqualTo(PER_SESSION);
        answers.stream().filter(answer -> answer.statusCode() == 400).forEach(answer -> assertThat(answer.body())
                .contains("\"error_type\":\"VALIDATION_ERROR\"", "Invalid arguments at /text: fails 'pattern'"));
        answers.stream().filter(answer -> answer.statusCode() == 429).forEach(answer -> {
            assertThat(answer.body()).contains("\"error_type\":\"RATE_LIMITED\"");
            assertThat(answer.headers().firstValue("Retry-After")).as("the concurrency limit's answer").hasValue("1");
        });
    }

    /**
     * Tool calls may hold a worker thread for MCP_REQUEST_TIMEOUT (300 s here): Vert.x's blocked-thread warning, with
     * a stack trace, is for workers held longer (its default, 60 s, would log a trace every second of a slow call).
     */
    @Test
    void workersMayBeHeldForARequestTimeoutBeforeVertxWarns() {
        VertxOptions options = GatewayConfiguration.vertxOptions(
                context.getRegistry().lookupByNameAndType("gatewaySettings", GatewaySettings.class));

        assertThat(options.getMaxWorkerExecuteTimeUnit().toSeconds(options.getMaxWorkerExecuteTime()))
                .isGreaterThanOrEqualTo(300);
    }

    private List<HttpResponse<String>> sendAtOnce(String call) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(BURST);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> pending = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                pending.add(callers.submit(() -> {
                    start.await();
                    return postAs(token, "/tools/call", call);
                }));
            }
            start.countDown();
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : pending) {
                answers.add(answer.get());
            }
            return answers;
        } finally {
            callers.shutdownNow();
        }
    }
}
