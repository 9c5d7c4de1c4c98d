package io.mcpgateway.upstream.federation;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpgateway.testing.CapturedLogs;
import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.TestTokens;
import io.mcpgateway.testing.TwoEraUpstreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One gateway in front of two real upstreams of different eras at once, named in an upstreams file: {@code tickets},
 * the MCP Java SDK server (legacy era), and {@code weather}, a modern-era server; each behind TLS with its own CA, and
 * each verifying its own bearer credential and signing secret (a request meant for one is refused by the other, see
 * TwoEraUpstreamsIT). Names, policy, partial failure, isolation of limits and breakers, reload.
 */
class SeveralUpstreamsIT extends GatewayTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TwoEraUpstreams upstreams;

    private final CredentialApiStub api = new CredentialApiStub();
    private final Path file;
    private final String support = token("alice", "[\"support\"]");

    private static final String TICKETS = "  - name: tickets\n";
    private static final String WEATHER = "  - name: weather\n";
    /** The file a test starts with: the two upstreams, with the additions its name is given here. */
    private static final Map<String, UnaryOperator<String>> VARIANTS = Map.of(
            "aSlowUpstreamCostsTheListItsOwnTimeoutOnly",
            yaml -> yaml.replace(WEATHER, WEATHER + "    request-timeout-seconds: 1\n"),
            // no retries: the few failed attempts of the /init are then too few for the breaker to judge
            "anInitWhileOneUpstreamIsDownSucceedsAndThatUpstreamIsOpenedAtItsFirstUse",
            yaml -> yaml.replace(WEATHER, WEATHER + "    max-retries: 0\n"),
            "eachUpstreamHasItsOwnConcurrencyLimit",
            yaml -> yaml.replace(WEATHER, WEATHER + "    max-concurrent-calls: 1\n"),
            "anUpstreamsAllowAndDenyListsHideItsTools",
            yaml -> yaml.replace(TICKETS, TICKETS + "    tools: { allow: [\"echo\", \"add\", \"fail\"], deny: [\"fail\"] }\n"),
            "policiesByClaimDecideWhoSeesWhatAndDeniedToolsAnswerAsUnknown",
            yaml -> yaml + """
                    policies:
                      - when: { claim: groups, contains: support }
                        allow: ["tickets__*"]
                      - when: { claim: groups, contains: engineering }
                        allow: ["*"]
                    default: deny
                    """);

    SeveralUpstreamsIT(TestInfo test) throws Exception {
        file = Files.createTempFile("upstreams", ".yaml");
        Files.writeString(file, VARIANTS.getOrDefault(test.getTestMethod().orElseThrow().getName(), yaml -> yaml)
                .apply(fileText()));
    }

    private static String fileText() {
        return upstreams.upstreamsYaml("tickets", "weather");
    }

    @BeforeAll
    static void startUpstreams() throws Exception {
        upstreams = new TwoEraUpstreams();
    }

    @AfterAll
    static void stopUpstreams() throws Exception {
        upstreams.close();
    }

    @BeforeEach
    void resetUpstreams() {
        upstreams.modernServer().setUnavailable(false);
        upstreams.modernServer().setDelay(Duration.ZERO);
    }

    @AfterEach
    void stopApi() throws Exception {
        api.close();
        Files.deleteIfExists(file);
    }

    @Override
    protected Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>(upstreams.secretProperties("tickets", "weather"));
        settings.put("mcp.upstreams-file", file.toString());
        // policies decide by JWT claims, which only a listed credential API may vouch for
        settings.put("gateway.api.allowed-origins", api.apiUrl("").replaceAll("/+$", ""));
        return settings;
    }

    private static String token(String subject, String groups) {
        return TestTokens.jwt("HS256", "{\"sub\":\"" + subject + "\",\"groups\":" + groups + ",\"exp\":"
                + Instant.now().plusSeconds(3600).getEpochSecond() + "}");
    }

    private String open(String sessionId, String token) {
        api.accepts(token);
        HttpResponse<String> init = postInit(sessionId, api.apiUrl(""), token);
        assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
        return token;
    }

    private JsonNode list(String sessionId, String token) throws Exception {
        HttpResponse<String> listed = postAs(token, "/tools/list", "{\"session_id\":\"" + sessionId + "\"}");
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        return JSON.readTree(listed.body());
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.get("tools").forEach(tool -> names.add(tool.get("name").asText()));
        return names;
    }

    private HttpResponse<String> call(String sessionId, String token, String tool, String arguments) {
        return postAs(token, "/tools/call", "{\"session_id\":\"" + sessionId + "\",\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "}");
    }

    private static String text(HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body()).at("/content/0/text").asText();
    }

    @Test
    void everyUpstreamsToolsAreListedUnderTheirPrefixAndCallsReachTheirOwnUpstream() throws Exception {
        String token = open("s1", support);
        JsonNode list = list("s1", token);
        assertThat(names(list)).contains("tickets__echo", "tickets__add", "weather__forecast", "weather__echo",
                "validate_settings").doesNotContain("echo", "forecast");
        assertThat(list.has("_meta")).isFalse();

        // the same original name on both upstreams: each call goes to its own, with its own credential and signature
        assertThat(text(call("s1", token, "tickets__echo", "{\"text\":\"hi\"}"))).isEqualTo("hi");
        assertThat(text(call("s1", token, "weather__echo", "{\"text\":\"hi\"}")))
                .startsWith(TwoEraUpstreams.MODERN_SERVER_NAME + ":echo:");
        assertThat(text(call("s1", token, "weather__forecast", "{\"region\":\"north\"}")))
                .isEqualTo(TwoEraUpstreams.MODERN_SERVER_NAME + ":forecast:{\"region\":\"north\"}");
        assertThat(upstreams.legacyServer().refusals()).isEmpty();
        assertThat(upstreams.modernServer().refusals()).isEmpty();
        // the audit line and the metrics name the upstream
        assertThat(CapturedLogs.auditLines("s1")).anySatisfy(line -> {
            assertThat(line.path("tool").asText()).isEqualTo("weather__forecast");
            assertThat(line.path("upstream").asText()).isEqualTo("weather");
        });
        assertThat(getManagement("/observe/metrics").body())
                .contains("upstream=\"weather\"").contains("upstream=\"tickets\"");
    }

    @Test
    void theArgumentCheckUsesTheSchemaOfTheToolsOwnUpstream() throws Exception {
        String token = open("s1", support);
        long calls = upstreams.modernServer().requests("tools/call");
        HttpResponse<String> refused = call("s1", token, "weather__forecast", "{\"days\":3}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("VALIDATION_ERROR").contains("required");
        assertThat(upstreams.modernServer().requests("tools/call")).isEqualTo(calls);
    }

    @Test
    void oneUpstreamDownLeavesTheOtherListingAndCalling() throws Exception {
        String token = open("s1", support);
        upstreams.modernServer().setUnavailable(true);
        JsonNode list = list("s1", token);
        assertThat(names(list)).contains("tickets__echo").noneMatch(name -> name.startsWith("weather__"));
        assertThat(list.at("/_meta/io.mcpgateway~1degraded").toString()).isEqualTo("[\"weather\"]");
        assertThat(text(call("s1", token, "tickets__echo", "{\"text\":\"still\"}"))).isEqualTo("still");
        assertThat(call("s1", token, "weather__forecast", "{\"region\":\"north\"}").statusCode())
                .isGreaterThanOrEqualTo(500);

        upstreams.modernServer().setUnavailable(false);
        assertThat(text(call("s1", token, "weather__forecast", "{\"region\":\"south\"}"))).contains("south");
    }

    @Test
    void anInitWhileOneUpstreamIsDownSucceedsAndThatUpstreamIsOpenedAtItsFirstUse() throws Exception {
        upstreams.modernServer().setUnavailable(true);
        String token = open("s1", support);
        assertThat(sessions().peek("s1").orElseThrow().upstreams()).containsOnlyKeys("tickets");
        upstreams.modernServer().setUnavailable(false);
        assertThat(text(call("s1", token, "weather__forecast", "{\"region\":\"east\"}"))).contains("east");
        assertThat(sessions().peek("s1").orElseThrow().upstreams()).containsOnlyKeys("tickets", "weather");
    }

    @Test
    void aSlowUpstreamCostsTheListItsOwnTimeoutOnly() throws Exception {
        String token = open("s1", support);
        upstreams.modernServer().setDelay(Duration.ofSeconds(4));
        long started = System.nanoTime();
        JsonNode list = list("s1", token);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(names(list)).contains("tickets__echo");
        assertThat(list.at("/_meta/io.mcpgateway~1degraded").toString()).isEqualTo("[\"weather\"]");
        assertThat(millis).as("the list waited %d ms", millis).isLessThan(3_500);
    }

    @Test
    void anOpenCircuitIsTheFailingUpstreamsOnly() throws Exception {
        String token = open("s1", support);
        list("s1", token);
        upstreams.modernServer().setUnavailable(true);
        for (int i = 0; i < 12; i++) {
            call("s1", token, "weather__forecast", "{\"region\":\"north\"}");
        }
        long reached = upstreams.modernServer().requests("tools/call");
        HttpResponse<String> refused = call("s1", token, "weather__forecast", "{\"region\":\"north\"}");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(upstreams.modernServer().requests("tools/call")).as("an open circuit sends nothing").isEqualTo(reached);
        assertThat(text(call("s1", token, "tickets__echo", "{\"text\":\"fine\"}"))).isEqualTo("fine");
        HttpResponse<String> ready = getManagement("/observe/health/ready");
        assertThat(ready.statusCode()).as("tickets still serves").isEqualTo(200);
        assertThat(getManagement("/observe/metrics").body())
                .contains("resilience4j_circuitbreaker_state{name=\"weather\",state=\"open\"} 1.0")
                .contains("resilience4j_circuitbreaker_state{name=\"tickets\",state=\"closed\"} 1.0");
    }

    @Test
    void eachUpstreamHasItsOwnConcurrencyLimit() throws Exception {
        String token = open("s1", support);
        String other = open("s2", token("bob", "[\"support\"]"));
        list("s1", token);
        list("s2", other);
        upstreams.modernServer().setDelay(Duration.ofMillis(1500));
        CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(
                () -> call("s1", token, "weather__forecast", "{\"region\":\"north\"}"));
        await().atMost(Duration.ofSeconds(5)).until(() -> upstreams.modernServer().requests("tools/call") > 0
                || slow.isDone());
        Thread.sleep(200);
        HttpResponse<String> second = call("s2", other, "weather__forecast", "{\"region\":\"south\"}");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(429);
        assertThat(second.headers().firstValue("Retry-After")).isPresent();
        assertThat(text(call("s2", other, "tickets__echo", "{\"text\":\"free\"}"))).isEqualTo("free");
        assertThat(slow.get().statusCode()).isEqualTo(200);
    }

    @Test
    void aReloadIsAppliedToNewRequestsAndTheSessionsStay() throws Exception {
        String token = open("s1", support);
        assertThat(names(list("s1", token))).contains("tickets__fail");
        Files.writeString(file, fileText().replace("  - name: tickets\n",
                "  - name: tickets\n    tools: { deny: [\"fail\"] }\n"));
        await().atMost(Duration.ofSeconds(15)).until(() -> !names(list("s1", token)).contains("tickets__fail"));
        assertThat(call("s1", token, "tickets__fail", "{}").body()).contains("Unknown tool: tickets__fail");
        assertThat(getManagement("/observe/metrics").body())
                .contains("mcp_gateway_upstreams_reloads_total{outcome=\"applied\"} 1.0")
                .contains("mcp_gateway_upstreams_file_applied 1.0");

        // a bad file is refused as a whole, and says why; the running configuration stays
        Files.writeString(file, fileText() + "  - name: Bad_Name\n    url: https://x.example/mcp\n    colour: red\n");
        await().atMost(Duration.ofSeconds(15)).until(() -> getManagement("/observe/metrics").body()
                .contains("mcp_gateway_upstreams_file_applied 0.0"));
        assertThat(getManagement("/observe/metrics").body()).contains("mcp_gateway_upstreams_file_problems 2.0");
        assertThat(CapturedLogs.text()).contains("the running configuration stays").contains("colour");
        assertThat(names(list("s1", token))).doesNotContain("tickets__fail").contains("weather__forecast");
        assertThat(sessions().peek("s1")).isPresent();
    }

    @Test
    void anUpstreamThatAReloadRemovesHasItsUpstreamSessionsEnded() throws Exception {
        String token = open("s1", support);
        String legacySession = sessions().peek("s1").orElseThrow().upstreams().get("tickets").sessionId();
        assertThat(legacySession).isNotNull();
        Files.writeString(file, "upstreams:\n" + fileText().substring(fileText().indexOf("  - name: weather")));
        await().atMost(Duration.ofSeconds(15)).until(() -> deletesOf(legacySession) == 1);
        // one upstream left: its tools keep their own names
        assertThat(names(list("s1", token))).contains("forecast", "echo", "validate_settings");
        assertThat(text(call("s1", token, "forecast", "{\"region\":\"west\"}"))).contains("west");
    }

    @Test
    void closingASessionEndsItsSessionWithEveryUpstream() throws Exception {
        String token = open("s1", support);
        String legacySession = sessions().peek("s1").orElseThrow().upstreams().get("tickets").sessionId();
        assertThat(deleteSession("s1", token).statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> deletesOf(legacySession) == 1);
    }

    private long deletesOf(String upstreamSession) {
        return upstreams.legacyServer().requestHeaders().stream()
                .filter(headers -> "DELETE".equals(headers.get(":method"))
                        && upstreamSession.equals(headers.get("Mcp-Session-Id"))).count();
    }

    @Test
    void anUpstreamsAllowAndDenyListsHideItsTools() throws Exception {
        String token = open("s1", support);
        assertThat(names(list("s1", token))).contains("tickets__echo", "tickets__add", "weather__forecast")
                .doesNotContain("tickets__fail", "tickets__slow");
        assertThat(call("s1", token, "tickets__slow", "{}").body()).contains("Unknown tool: tickets__slow");
    }

    @Test
    void policiesByClaimDecideWhoSeesWhatAndDeniedToolsAnswerAsUnknown() throws Exception {
        String supportToken = open("s1", support);
        assertThat(names(list("s1", supportToken))).contains("tickets__echo", "validate_settings")
                .noneMatch(name -> name.startsWith("weather__"));
        long calls = upstreams.modernServer().requests("tools/call");
        HttpResponse<String> denied = call("s1", supportToken, "weather__forecast", "{\"region\":\"north\"}");
        HttpResponse<String> unknown = call("s1", supportToken, "weather__nowcast", "{\"region\":\"north\"}");
        assertThat(denied.statusCode()).isEqualTo(unknown.statusCode()).isEqualTo(400);
        assertThat(withoutRequestId(denied.body()).replace("forecast", "nowcast"))
                .isEqualTo(withoutRequestId(unknown.body()));
        assertThat(upstreams.modernServer().requests("tools/call")).isEqualTo(calls);

        String engineering = open("s2", token("carol", "[\"engineering\"]"));
        assertThat(names(list("s2", engineering))).contains("tickets__echo", "weather__forecast");

        String nobody = open("s3", TestTokens.jwt("dave"));
        assertThat(names(list("s3", nobody))).containsExactly("validate_settings");
    }

    private static String withoutRequestId(String body) {
        return body.replaceAll("\"request_id\":\"[^\"]*\"", "");
    }
}
