package io.mcpgateway.observe;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.mcpgateway.upstream.UpstreamRegistry;
import io.mcpgateway.testing.CapturedLogs;
import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health, metrics and the audit stream of a running gateway, over real HTTP against a real credential API (WireMock)
 * and a real MCP server (the MCP Java SDK). The packaged-jar tests show the management port apart from the callers'.
 */
class ObservabilityIT extends GatewayTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CredentialApiStub api = new CredentialApiStub();

    @Override
    protected Map<String, String> settings() {
        return Map.of("gateway.init.rate-limit-per-minute", "1000", "gateway.session.max-per-principal", "2");
    }

    @BeforeEach
    void clearLogs() {
        CapturedLogs.clear();
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void livenessAndReadinessIncludeTheGatewaysOwnChecks() throws Exception {
        HttpResponse<String> live = getManagement("/observe/health/live");
        HttpResponse<String> ready = getManagement("/observe/health/ready?exposureLevel=full");

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(live.body()).path("status").asText()).isEqualTo("UP");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(checkNames(ready)).contains("upstream-circuit", "configuration", "route:init-session");
        assertThat(checkNames(live)).doesNotContain("upstream-circuit", "configuration");
    }

    @Test
    void readinessIsDownExactlyWhileTheUpstreamCircuitIsOpen() {
        CircuitBreaker breaker = context.getRegistry().lookupByNameAndType("upstreams", UpstreamRegistry.class)
                .get(UpstreamRegistry.DEFAULT).breaker();
        try {
            breaker.transitionToOpenState();
            HttpResponse<String> open = getManagement("/observe/health/ready?exposureLevel=full");
            assertThat(open.statusCode()).isEqualTo(503);
            assertThat(open.body()).contains("upstream-circuit", "DOWN");
            assertThat(getManagement("/observe/health/live").statusCode()).isEqualTo(200);

            breaker.transitionToHalfOpenState();
            assertThat(getManagement("/observe/health/ready").statusCode()).as("half-open lets trial calls in").isEqualTo(200);
        } finally {
            breaker.transitionToClosedState();
        }
        assertThat(getManagement("/observe/health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsCountRequestsByRouteOutcomeAndStatusWithoutIdsOrTokens() {
        String token = TestTokens.jwt("alice");
        api.accepts(token);
        String initOk = "mcp_gateway_requests_total{outcome=\"ok\",route=\"init-session\",status=\"200\"}";
        String initBad = "mcp_gateway_requests_total{outcome=\"validation_error\",route=\"init-session\",status=\"400\"}";
        String callOk = "mcp_gateway_requests_total{outcome=\"ok\",route=\"call-tool\",status=\"200\"}";
        String callLatency = "mcp_gateway_request_duration_seconds_count{route=\"call-tool\"}";
        String probe = "mcp_gateway_credential_probe_duration_seconds_count{outcome=\"valid\"}";
        String upstreamCall = "mcp_gateway_upstream_call_duration_seconds_count{method=\"tools/call\",outcome=\"ok\",upstream=\"default\"}";
        String probeRejected = "mcp_gateway_credential_probe_duration_seconds_count{outcome=\"rejected\"}";
        Map<String, Double> before = metrics(initOk, initBad, callOk, callLatency, probe, upstreamCall, probeRejected);

        assertThat(postInit("metrics_user", api.apiUrl(""), token).statusCode()).isEqualTo(200);
        assertThat(postInit("metrics_other", api.apiUrl(""), TestTokens.jwt("eve")).statusCode()).isEqualTo(401);
        assertThat(postJson("/init", "{\"session_id\":\"metrics_user\"}").statusCode()).isEqualTo(400);
        assertThat(postAs(token, "/tools/call",
                "{\"session_id\":\"metrics_user\",\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}").statusCode())
                .isEqualTo(200);

        Map<String, Double> after = metrics(initOk, initBad, callOk, callLatency, probe, upstreamCall, probeRejected);
        before.forEach((series, value) -> assertThat(after.get(series) - value).as(series).isEqualTo(1.0));
        assertThat(getManagement("/observe/metrics").body())
                .contains("mcp_gateway_request_duration_seconds_bucket{route=\"call-tool\",le=\"60.0\"}")
                .containsPattern("mcp_gateway_sessions_active [1-9]")
                .contains("cache_gets_total{cache=\"tool_lists\"", "mcp_gateway_sessions_evicted_total 0.0")
                .contains("resilience4j_circuitbreaker_state{name=\"mcp-upstream\",state=\"closed\"} 1.0")
                .doesNotContain("metrics_user").doesNotContain(token).doesNotContain(api.apiUrl(""));
    }

    @Test
    void aThrottledRequestIsCountedWithItsLimit() {
        String token = TestTokens.jwt("bob");
        api.accepts(token);
        assertCountedOnce("mcp_gateway_throttle_rejections_total{limit=\"rate\",route=\"list-tools\"}", () -> {
            assertThat(postInit("throttled_user", api.apiUrl(""), token).statusCode()).isEqualTo(200);
            int status = 200;
            for (int i = 0; i < 200 && status != 429; i++) {
                status = postAs(token, "/tools/list", "{\"session_id\":\"throttled_user\"}").statusCode();
            }
            assertThat(status).isEqualTo(429);
        });
    }

    @Test
    void anInitRefusedForHoldingTooManySessionsIsCountedUnderTheSessionsLimit() {
        String token = TestTokens.jwt("frank");
        api.accepts(token);
        assertCountedOnce("mcp_gateway_throttle_rejections_total{limit=\"sessions\",route=\"init-session\"}", () -> {
            assertThat(postInit("frank_1", api.apiUrl(""), token).statusCode()).isEqualTo(200);
            assertThat(postInit("frank_2", api.apiUrl(""), token).statusCode()).isEqualTo(200);
            assertThat(postInit("frank_3", api.apiUrl(""), token).statusCode()).as("a third session").isEqualTo(429);
        });
    }

    /** The requests made by {@code requests} raise the series by exactly one. */
    private void assertCountedOnce(String series, Runnable requests) {
        double before = metrics(series).get(series);
        requests.run();
        assertThat(metrics(series).get(series) - before).as(series).isEqualTo(1.0);
    }

    @Test
    void theSessionLifecycleIsAuditedOneJsonLinePerEventTiedToTheRequestId() throws Exception {
        String first = TestTokens.jwt("carol");
        String second = TestTokens.jwt("carol");
        api.accepts(first);
        api.accepts(second);

        HttpResponse<String> opened = postInit("audited_user", api.apiUrl(""), first);
        postInit("audited_user", api.apiUrl(""), first);
        postInit("audited_user", api.apiUrl(""), second);
        HttpResponse<String> rejected = postInit("audited_user", api.apiUrl(""), TestTokens.jwt("mallory"));
        HttpResponse<String> called = postAs(second, "/tools/call",
                "{\"session_id\":\"audited_user\",\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}");
        deleteSession("audited_user", second);

        // an audit line is written once the exchange completes, a moment after the caller has its answer
        List<JsonNode> lines = await().atMost(Duration.ofSeconds(5)).until(() -> CapturedLogs.auditLines("audited_user"), l -> l.size() >= 6);
        assertThat(lines).extracting(line -> line.path("event").asText()).containsExactly(
                "session_opened", "session_reused", "session_refreshed", "session_rejected", "tool_called",
                "session_closed");
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.path("session_id").asText()).isEqualTo("audited_user");
            assertThat(line.path("ts").asText()).isNotBlank();
            assertThat(line.path("request_id").asText()).isNotBlank();
            assertThat(line.toString()).doesNotContain(first).doesNotContain(second);
        });
        assertThat(lines.get(0).path("request_id").asText()).isEqualTo(opened.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(lines.get(0).path("principal").asText()).isEqualTo("carol");
        assertThat(lines.get(3).path("status").asInt()).isEqualTo(rejected.statusCode());
        assertThat(lines.get(3).path("error_type").asText()).isEqualTo("API_ERROR");
        assertThat(lines.get(3).path("claimed_principal").asText()).as("who it claimed to be").isEqualTo("mallory");
        assertThat(lines.get(3).has("principal")).as("never confirmed").isFalse();
        JsonNode toolCall = lines.get(4);
        assertThat(toolCall.path("request_id").asText()).isEqualTo(called.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(toolCall.path("tool").asText()).isEqualTo("echo");
        assertThat(toolCall.path("status").asInt()).isEqualTo(200);
        assertThat(toolCall.path("upstream_era").asText()).isEqualTo("legacy");
        assertThat(toolCall.has("latency_ms")).isTrue();
        assertThat(CapturedLogs.text()).as("the operator log names the same request id")
                .contains("request_id=" + lines.get(0).path("request_id").asText());
    }

    @Test
    void aToolCallRefusedBeforeTheUpstreamIsAuditedWithItsErrorAndNoEra() throws Exception {
        String token = TestTokens.jwt("dave");
        api.accepts(token);
        postInit("refused_user", api.apiUrl(""), token);

        postAs(TestTokens.jwt("dave"), "/tools/call", "{\"session_id\":\"refused_user\",\"name\":\"echo\",\"arguments\":{}}");

        JsonNode line = await().atMost(Duration.ofSeconds(5)).until(() -> CapturedLogs.auditLines("refused_user"), l -> l.size() == 2).get(1);
        assertThat(line.path("event").asText()).isEqualTo("tool_called");
        assertThat(line.path("status").asInt()).isEqualTo(401);
        assertThat(line.path("error_type").asText()).isEqualTo("AUTH_ERROR");
        assertThat(line.has("upstream_era")).isFalse();
    }

    @Test
    void callerChosenNamesStayExactAndCannotBreakTheOneObjectPerLineFormat() throws Exception {
        String hostile = "h://x?\",\"principal\":\"root";
        String email = "ewan.smith@corp.com";
        String accepted = TestTokens.jwt("HS256", "{\"sub\":\"" + email + "\"}");
        api.accepts(accepted);

        postInit("hostile_user", api.apiUrl(""), TestTokens.jwt("HS256", "{\"sub\":\"" + hostile.replace("\"", "\\\"") + "\"}"));
        postInit("email_user", api.apiUrl(""), accepted);

        JsonNode rejected = await().atMost(Duration.ofSeconds(5)).until(() -> CapturedLogs.auditLines("hostile_user"), l -> l.size() == 1).get(0);
        assertThat(rejected.path("claimed_principal").asText()).isEqualTo(hostile);
        assertThat(rejected.has("principal")).isFalse();
        JsonNode opened = await().atMost(Duration.ofSeconds(5)).until(() -> CapturedLogs.auditLines("email_user"), l -> l.size() == 1).get(0);
        assertThat(opened.path("principal").asText()).isEqualTo(email);
    }

    @Test
    void aSubCarryingLineBreaksAndBidiControlsGivesExactlyOneAuditLineWithThemEscaped() throws Exception {
        String forged = "forger\r\n{\"ts\":\"x\",\"event\":\"session_closed\"}\u2028\u2029\u0085\u202Eevil\u2066";
        String token = TestTokens.jwt("HS256", JSON.writeValueAsString(Map.of("sub", forged)));
        api.accepts(token);

        assertThat(postInit("forging_user", api.apiUrl(""), token).statusCode()).isEqualTo(200);

        JsonNode opened = await().atMost(Duration.ofSeconds(5)).until(() -> CapturedLogs.auditLines("forging_user"), l -> l.size() == 1).get(0);
        assertThat(opened.path("principal").asText()).as("the value itself is kept").isEqualTo(forged);
        List<String> raw = CapturedLogs.text().lines().filter(l -> l.contains("forger")).toList();
        assertThat(raw).singleElement().satisfies(line -> assertThat(line)
                .contains("forger\\r\\n{", "\\u2028\\u2029\\u0085\\u202Eevil\\u2066")
                .doesNotContain("\u2028", "\u2029", "\u0085", "\u202E", "\u2066"));
    }

    private static List<String> checkNames(HttpResponse<String> health) throws Exception {
        return JSON.readTree(health.body()).path("checks").findValuesAsText("name");
    }

    /** The current values of the given series (0 for one not reported yet); the context lives across tests. */
    private Map<String, Double> metrics(String... series) {
        String scrape = getManagement("/observe/metrics").body();
        Map<String, Double> values = new java.util.LinkedHashMap<>();
        for (String name : series) {
            values.put(name, scrape.lines().filter(l -> l.startsWith(name + " ")).findFirst()
                    .map(l -> Double.parseDouble(l.substring(name.length() + 1))).orElse(0.0));
        }
        return values;
    }
}
