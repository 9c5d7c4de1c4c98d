package io.mcpgateway.tools;

import java.net.http.HttpResponse;
import java.util.Map;

import com.github.tomakehurst.wiremock.http.Fault;
import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.McpUpstreamStub;
import io.mcpgateway.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A misbehaving upstream (WireMock): every fault ends in the right catalog answer, nothing of the upstream's answer
 * leaks, and once the upstream behaves again the gateway serves normally.
 */
class UpstreamFaultsIT extends GatewayTestSupport {

    private final CredentialApiStub api = new CredentialApiStub();
    private final String token = TestTokens.jwt("alice");
    private final McpUpstreamStub upstream = new McpUpstreamStub();

    @Override
    protected Map<String, String> settings() {
        return Map.of("mcp.server-url", upstream.url(), "mcp.request-timeout-seconds", "2",
                "mcp.max-response-size-kb", "4", "mcp.circuit-open-seconds", "2",
                "gateway.init.rate-limit-per-minute", "1000", "mcp.rate-limit-per-minute", "1000",
                "mcp.max-retries", "0", // each fault on its own; UpstreamRetriesIT covers retries
                "mcp.max-concurrent-calls-per-session", "2");
    }

    @AfterEach
    void stop() {
        api.close();
        upstream.close();
    }

    private void openSession() {
        api.accepts(token);
        assertThat(postInit("user_1", api.apiUrl(""), token).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> listTools() {
        return postAs(token, "/tools/list", "{\"session_id\":\"user_1\"}");
    }

    private void assertAnswer(HttpResponse<String> response, int status, String errorType) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains("\"error_type\":\"" + errorType + "\"");
    }

    /**
     * With MCP_REQUEST_TIMEOUT=2 s, an answer that would take far longer ends as a network error well before it
     * would have (the margin covers a loaded machine), and the gateway then serves normally.
     */
    private void assertCutOffAtTheDeadline(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        upstream.listsTools(answer);

        long started = System.nanoTime();
        HttpResponse<String> response = listTools();

        assertAnswer(response, 500, "NETWORK_ERROR");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
        assertServesNormallyAgain();
    }

    private void assertServesNormallyAgain() {
        upstream.listsToolsNormally();
        assertThat(listTools().statusCode()).isEqualTo(200);
    }

    @Test
    void aLegacyServerIsProbedOnceThenKnownByItsOrigin() {
        openSession();
        assertThat(upstream.count("server/discover")).isEqualTo(1);
        assertThat(upstream.count("initialize")).isEqualTo(1);

        assertThat(postInit("user_2", api.apiUrl(""), token).statusCode()).isEqualTo(200);

        assertThat(upstream.count("server/discover")).as("no second probe").isEqualTo(1);
        assertThat(upstream.count("initialize")).isEqualTo(2);
    }

    @Test
    void aProbeThatFailsForAnotherReasonIsNotTakenAsTheEra() {
        upstream.discoverAnswers(503);
        openSession();
        assertThat(postInit("user_2", api.apiUrl(""), token).statusCode()).isEqualTo(200);

        // the 503 said nothing about the era: each init probed again before falling back
        assertThat(upstream.count("server/discover")).isEqualTo(2);
        assertThat(upstream.count("initialize")).isEqualTo(2);
    }

    @Test
    void aSessionTheServerForgotWithA400IsReopenedOnceAndTheRequestSentAgain() {
        openSession();
        upstream.listsToolsAfterFailures(McpUpstreamStub.noValidSessionId(), 1);

        HttpResponse<String> response = listTools();

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(upstream.count("initialize")).as("one new upstream session").isEqualTo(2);
        assertThat(upstream.toolsListCount()).isEqualTo(2);
    }

    @Test
    void aServerThatKeepsAnsweringNoValidSessionIsNotReopenedAgainAndAgain() {
        openSession();
        upstream.listsToolsAfterFailures(McpUpstreamStub.noValidSessionId(), 10);

        assertAnswer(listTools(), 502, "UPSTREAM_ERROR");
        assertThat(upstream.count("initialize")).as("at most one re-initialization per request").isEqualTo(2);
        assertThat(upstream.toolsListCount()).isEqualTo(2);
    }

    @Test
    void anUnreachableUpstreamDuringInitStoresNothing() {
        upstream.close();
        api.accepts(token);

        HttpResponse<String> response = postInit("user_1", api.apiUrl(""), token);

        assertAnswer(response, 500, "NETWORK_ERROR");
        assertThat(sessions().peek("user_1")).isEmpty();
    }

    @Test
    void aConnectionResetIsANetworkError() {
        openSession();
        upstream.failsToolsList(Fault.CONNECTION_RESET_BY_PEER);

        assertAnswer(listTools(), 500, "NETWORK_ERROR");
        assertServesNormallyAgain();
    }

    @Test
    void anUpstreamSlowerThanTheRequestTimeoutIsANetworkError() {
        openSession();
        assertCutOffAtTheDeadline(aResponse().withStatus(200).withFixedDelay(6_000));
    }

    /**
     * The tool list a call fetches (none was cached) counts against that call's one MCP_REQUEST_TIMEOUT (2 s here):
     * 1.2 s for the list and 1.2 s for the call are each within it, together past it.
     */
    @Test
    void aToolListFetchedForACallCountsAgainstTheCallsDeadline() {
        openSession();
        upstream.listsTools(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withFixedDelay(1_200).withTransformers("response-template")
                .withBody("{\"jsonrpc\":\"2.0\",\"id\":{{jsonPath request.body '$.id'}},\"result\":{\"tools\":[]}}"));
        upstream.callsTool(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withFixedDelay(1_200).withTransformers("response-template")
                .withBody("{\"jsonrpc\":\"2.0\",\"id\":{{jsonPath request.body '$.id'}},\"result\":{\"content\":[]}}"));

        long started = System.nanoTime();
        HttpResponse<String> response = postAs(token, "/tools/call", "{\"session_id\":\"user_1\",\"name\":\"echo\"}");

        assertAnswer(response, 500, "NETWORK_ERROR");
        assertThat(upstream.count("tools/list")).as("fetched for the call").isEqualTo(1);
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
    }

    /**
     * A tool list that cannot be had is not asked for again by every call: the session's calls go on unvalidated
     * (for the upstream to judge) until the cache's minute is over, or until the caller lists the tools.
     */
    @Test
    void aToolListThatCannotBeFetchedIsNotAskedForByEveryCall() {
        openSession();
        upstream.listsTools(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":\"no lists here\"}}"));
        upstream.callsTool(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withTransformers("response-template")
                .withBody("{\"jsonrpc\":\"2.0\",\"id\":{{jsonPath request.body '$.id'}},\"result\":{\"content\":[]}}"));

        for (int call = 0; call < 3; call++) {
            assertThat(callTool().statusCode()).isEqualTo(200);
        }

        assertThat(upstream.count("tools/call")).isEqualTo(3);
        assertThat(upstream.count("tools/list")).as("one attempt for the three calls").isEqualTo(1);
    }

    @Test
    void aStreamCutOffAfterAnEventIdIsResumedWithLastEventId() throws Exception {
        openSession();
        upstream.listsToolsOnAResumedStream();

        HttpResponse<String> response = listTools();

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"resumed\"");
        assertThat(upstream.resumptionCount()).isEqualTo(1);
    }

    @Test
    void aToolCallWhoseStreamIsLostIsNeverSentAgain() {
        openSession();
        upstream.callsToolOnACutOffStream(aResponse().withStatus(404));

        HttpResponse<String> lost = callTool();

        assertAnswer(lost, 502, "UPSTREAM_ERROR");
        assertThat(lost.body()).contains("stream was lost");
        assertThat(upstream.count("tools/call")).isEqualTo(1);
        assertThat(upstream.count("initialize")).as("no re-initialization").isEqualTo(1);

        upstream.callsToolOnACutOffStream(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody("data: {broken\n\n"));
        assertAnswer(callTool(), 502, "UPSTREAM_ERROR");
        assertThat(upstream.count("tools/call")).isEqualTo(2);
    }

    @Test
    void aStreamThatKeepsTricklingIsCutOffAtTheRequestDeadline() {
        openSession();
        assertCutOffAtTheDeadline(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(": keep-alive\n\n".repeat(200)).withChunkedDribbleDelay(200, 10_000));
    }

    /**
     * After its answer the gateway reads a stream on to its end, so that the connection can be reused, but only for
     * a moment: a server that keeps the stream open (here, keep-alives for ten seconds) costs the caller no more.
     */
    @Test
    void aStreamThatGoesOnAfterTheAnswerIsNotWaitedFor() {
        openSession();
        upstream.listsTools(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withTransformers("response-template").withChunkedDribbleDelay(400, 10_000)
                .withBody("data: {\"jsonrpc\":\"2.0\",\"id\":{{jsonPath request.body '$.id'}},\"result\":{\"tools\":[]}}\n\n"
                        + ": keep-alive\n\n".repeat(400)));
        long started = System.nanoTime();

        HttpResponse<String> answer = listTools();

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).as("answered long before the stream ends")
                .isLessThan(java.time.Duration.ofSeconds(3));
    }

    @Test
    void concurrentCallsOfOneSessionAreBounded() throws Exception {
        openSession();
        upstream.listsTools(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withTransformers("response-template").withFixedDelay(1_000)
                .withBody("{\"jsonrpc\":\"2.0\",\"id\":{{jsonPath request.body '$.id'}},\"result\":{\"tools\":[]}}"));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var calls = java.util.stream.IntStream.range(0, 4)
                    .mapToObj(i -> java.util.concurrent.CompletableFuture.supplyAsync(this::listTools, pool)).toList();
            var answers = calls.stream().map(java.util.concurrent.CompletableFuture::join).toList();

            assertThat(answers).filteredOn(r -> r.statusCode() == 200).hasSize(2);
            assertThat(answers).filteredOn(r -> r.statusCode() == 429).hasSize(2)
                    .allSatisfy(r -> assertThat(r.headers().firstValue("Retry-After")).hasValue("1"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aResultThatIsNotAnObjectIsAnUpstreamError() {
        openSession();
        upstream.listsTools(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withTransformers("response-template")
                .withBody("{\"jsonrpc\":\"2.0\",\"id\":{{jsonPath request.body '$.id'}},\"result\":null}"));

        assertAnswer(listTools(), 502, "UPSTREAM_ERROR");
    }

    @Test
    void oversizedAndMalformedAnswersAreUpstreamErrors() {
        openSession();
        upstream.listsTools(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"x\":\"" + "y".repeat(10_000) + "\"}}"));
        assertAnswer(listTools(), 502, "UPSTREAM_ERROR");

        upstream.listsTools(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"jsonrpc\": broken secret-internals"));
        HttpResponse<String> malformed = listTools();
        assertAnswer(malformed, 502, "UPSTREAM_ERROR");
        assertThat(malformed.body()).doesNotContain("secret-internals");

        upstream.listsTools(aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody("<html/>"));
        assertAnswer(listTools(), 502, "UPSTREAM_ERROR");
        assertServesNormallyAgain();
    }

    @Test
    void aStreamThatEndsWithoutTheResponseIsAnUpstreamError() {
        openSession();
        upstream.listsTools(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody("data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{}}\n\n"));

        HttpResponse<String> response = listTools();

        assertAnswer(response, 502, "UPSTREAM_ERROR");
        assertThat(response.body()).contains("closed the stream before answering");
        assertServesNormallyAgain();
    }

    @Test
    void aRequestFromTheServerOnTheStreamIsAnsweredSoTheServerNeverWaits() {
        openSession();
        upstream.listsTools(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withTransformers("response-template")
                .withBody("data: {\"jsonrpc\":\"2.0\",\"id\":\"srv-7\",\"method\":\"sampling/createMessage\",\"params\":{}}\n\n"
                        + "data: {\"jsonrpc\":\"2.0\",\"id\":{{jsonPath request.body '$.id'}},\"result\":{\"tools\":[]}}\n\n"));

        assertThat(listTools().statusCode()).isEqualTo(200);

        assertThat(upstream.bodiesContaining("\"srv-7\"")).singleElement().satisfies(answer -> assertThat(answer)
                .contains("\"error\"").contains("-32601").doesNotContain("\"method\""));
    }

    private HttpResponse<String> callTool() {
        return postAs(token, "/tools/call", "{\"session_id\":\"user_1\",\"name\":\"echo\",\"arguments\":{}}");
    }

    @Test
    void aToolErrorCarriesTheUpstreamsMessageSanitizedAndCut() {
        openSession();
        String planted = TestTokens.jwt("upstream-echo");
        upstream.callsToolWithRpcError(-32602, "bad argument; Bearer " + planted + " at https://api.internal/x?key=s3cr3t "
                + "A".repeat(1_000));

        HttpResponse<String> response = callTool();

        assertAnswer(response, 400, "TOOL_ERROR");
        assertThat(response.body()).startsWith("{\"status\":\"error\"").contains("bad argument")
                .doesNotContain(planted).doesNotContain("s3cr3t");
        assertThat(response.body().length()).isLessThan(700);
    }

    @Test
    void otherJsonRpcErrorsAreUpstreamErrorsWithoutTheirMessage() {
        openSession();
        upstream.callsToolWithRpcError(-32603, "stack at com.internal.Secret");

        HttpResponse<String> response = callTool();

        assertAnswer(response, 502, "UPSTREAM_ERROR");
        assertThat(response.body()).doesNotContain("com.internal");
    }

    @Test
    void upstreamRefusalsAreUpstreamErrorsWithoutItsBody() {
        openSession();
        upstream.listsTools(aResponse().withStatus(403).withBody("internal policy name: secret-policy"));

        HttpResponse<String> response = listTools();

        assertAnswer(response, 502, "UPSTREAM_ERROR");
        assertThat(response.body()).contains("403 Forbidden").doesNotContain("secret-policy");
    }

    @Test
    void aBurstOfServerErrorsOpensTheCircuitWhichRecovers() {
        openSession();
        assertThat(getManagement("/observe/health/ready").statusCode()).isEqualTo(200);
        upstream.listsTools(aResponse().withStatus(503).withBody("overloaded"));

        // the window also holds the two successful handshake calls of /init: at most 10 failures open the circuit
        int failures = 0;
        HttpResponse<String> open = listTools();
        while (open.statusCode() == 502 && failures < 20) {
            assertAnswer(open, 502, "UPSTREAM_ERROR");
            failures++;
            open = listTools();
        }
        int sent = upstream.toolsListCount();

        assertThat(failures).isBetween(5, 10);
        assertAnswer(open, 503, "UPSTREAM_UNAVAILABLE");
        assertAnswer(listTools(), 503, "UPSTREAM_UNAVAILABLE");
        assertThat(open.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(upstream.toolsListCount()).as("an open circuit does not touch the network").isEqualTo(sent);
        HttpResponse<String> notReady = getManagement("/observe/health/ready");
        assertThat(notReady.statusCode()).as("readiness while the circuit is open").isEqualTo(503);
        assertThat(notReady.body()).contains("DOWN");
        assertThat(getManagement("/observe/health/live").statusCode()).as("liveness is not the upstream's").isEqualTo(200);

        upstream.listsToolsNormally();
        await().atMost(java.time.Duration.ofSeconds(10)).pollInterval(java.time.Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(listTools().statusCode()).isEqualTo(200));
        for (int i = 0; i < 5; i++) {
            assertThat(listTools().statusCode()).isEqualTo(200);
        }
        assertThat(getManagement("/observe/health/ready").statusCode()).as("ready again once closed").isEqualTo(200);
        assertThat(getManagement("/observe/metrics").body())
                .contains("mcp_gateway_circuit_transitions_total{from=\"closed\",to=\"open\",upstream=\"default\"} 1.0")
                .contains("mcp_gateway_circuit_transitions_total{from=\"half_open\",to=\"closed\",upstream=\"default\"} 1.0");
    }
}
