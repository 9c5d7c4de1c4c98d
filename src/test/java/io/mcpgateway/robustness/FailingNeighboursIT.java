package io.mcpgateway.robustness;

import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.http.Fault;
import io.mcpgateway.config.GatewayConfiguration;
import io.mcpgateway.config.GatewaySettings;
import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.McpUpstreamStub;
import io.mcpgateway.testing.TestTokens;
import org.apache.camel.component.http.HttpComponent;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.pool.PoolStats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's neighbours fail in every way they can: the user's credential API and the upstream MCP server go
 * down, hang, flap, answer garbage or close the connection mid-answer. Every caller gets a catalog answer within the
 * configured limits, users whose neighbours are fine are not held up, the circuit opens and recovers, and nothing is
 * left behind: no leased connection, no thread or heap growth from one round of failures to the next. (TLS mismatches
 * are in UpstreamTlsRefusalsIT; answers cut off at the deadline in UpstreamFaultsIT.)
 */
class FailingNeighboursIT extends GatewayTestSupport {

    private static final int VALIDATION_TIMEOUT_SECONDS = 2;
    private static final int REQUEST_TIMEOUT_SECONDS = 2;
    /** Far longer than any limit: a caller still waiting this long means the gateway hangs. */
    private static final Duration HANG = Duration.ofSeconds(15);

    private static ExecutorService callers;

    private final McpUpstreamStub upstream = new McpUpstreamStub();
    private final CredentialApiStub goodApi = new CredentialApiStub();
    private final CredentialApiStub badApi = new CredentialApiStub();
    private final String steadyToken = TestTokens.jwt("steady");

    @Override
    protected Map<String, String> settings() {
        return Map.of("mcp.server-url", upstream.url(),
                "gateway.api.validation-timeout-seconds", String.valueOf(VALIDATION_TIMEOUT_SECONDS),
                "mcp.request-timeout-seconds", String.valueOf(REQUEST_TIMEOUT_SECONDS),
                "mcp.circuit-open-seconds", "1", "mcp.max-retries", "1",
                "gateway.init.rate-limit-per-minute", "100000", "mcp.rate-limit-per-minute", "100000",
                "mcp.max-concurrent-calls-per-session", "8");
    }

    @BeforeAll
    static void startCallers() {
        callers = Executors.newFixedThreadPool(4);
    }

    @AfterAll
    static void stopCallers() {
        callers.shutdownNow();
    }

    @AfterEach
    void stopNeighbours() {
        upstream.close();
        goodApi.close();
        badApi.close();
    }

    @Test
    void aFailingCredentialApiCostsOnlyItsOwnUsersAndLeavesNothingBehind() throws Exception {
        failFourRoundsAndCompare(this::failCredentialApiEveryWay, "credential-api");
    }

    @Test
    void aFailingUpstreamOpensTheCircuitRecoversAndLeavesNothingBehind() throws Exception {
        failFourRoundsAndCompare(this::failUpstreamEveryWay, "mcp-upstream");
        assertThat(getManagement("/observe/health/ready").statusCode()).as("ready once the upstream is back").isEqualTo(200);
    }

    /** A steady user's session, four rounds of failures, and what the second and the fourth left behind. */
    private void failFourRoundsAndCompare(ThrowingRunnable failures, String client) throws Exception {
        upstream.listsToolsNormally();
        goodApi.accepts(steadyToken);
        assertThat(postInit("steady", goodApi.apiUrl(""), steadyToken).statusCode()).isEqualTo(200);

        round(failures);
        Footprint second = round(failures);
        round(failures);
        Footprint fourth = round(failures);

        second.assertNoGrowthTo(fourth);
        assertNothingLeased(client);
    }

    /**
     * Another user's credential API down, hanging, flapping, answering garbage or resetting, while a steady user's
     * tool requests go on: the failing inits get catalog answers within the validation timeout, the steady user is
     * never held up by them.
     */
    private void failCredentialApiEveryWay() throws Exception {
        String token = TestTokens.jwt("unlucky");
        String downApi = "http://127.0.0.1:" + freePort();
        List<Runnable> faults = List.of(
                () -> badApi.fails(Fault.CONNECTION_RESET_BY_PEER),
                () -> badApi.fails(Fault.EMPTY_RESPONSE),
                () -> badApi.fails(Fault.RANDOM_DATA_THEN_CLOSE),
                // (a broken body after a 2xx head is no failure: the probe's verdict is its status, the body unread)
                () -> badApi.answers(500, "<html>oops</html>"),
                () -> badApi.answersSlowly((VALIDATION_TIMEOUT_SECONDS + 3) * 1000));
        for (Runnable fault : faults) {
            badApi.reset();
            fault.run();
            List<Future<HttpResponse<String>>> inits = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String apiUrl = i == 0 ? downApi : badApi.apiUrl("");
                inits.add(callers.submit(() -> postInit("unlucky_" + Thread.currentThread().getId(), apiUrl, token)));
            }
            // the steady user's requests while those inits are failing
            long slowestNanos = 0;
            while (inits.stream().anyMatch(init -> !init.isDone())) {
                long started = System.nanoTime();
                HttpResponse<String> steady = postAs(steadyToken, "/tools/list", "{\"session_id\":\"steady\"}");
                slowestNanos = Math.max(slowestNanos, System.nanoTime() - started);
                assertThat(steady.statusCode()).as(steady.body()).isEqualTo(200);
            }
            assertThat(Duration.ofNanos(slowestNanos)).as("the steady user never waits for another user's API")
                    .isLessThan(Duration.ofSeconds(VALIDATION_TIMEOUT_SECONDS));
            for (Future<HttpResponse<String>> init : inits) {
                assertCatalogAnswer(init.get(HANG.toSeconds(), TimeUnit.SECONDS), 401, 500);
            }
        }
        // flapping: good and bad answers in turn, each init with a fresh token (the same one would be a reuse, no probe)
        for (int i = 0; i < 6; i++) {
            String fresh = TestTokens.jwt("flapper");
            badApi.reset();
            if (i % 2 == 0) {
                badApi.accepts(fresh);
            } else {
                badApi.answers(503, "busy");
            }
            HttpResponse<String> init = postInit("flapping", badApi.apiUrl(""), fresh);
            if (i % 2 == 0) {
                assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
            } else {
                assertCatalogAnswer(init, 500);
                assertThat(sessions().peek("flapping")).as("a failed refresh keeps the session").isPresent();
            }
        }
    }

    /**
     * The upstream resetting, answering garbage, closing early, hanging and flapping: every tool request gets a
     * catalog answer within the request timeout, the circuit opens (503 without touching the network), and once the
     * upstream behaves again the gateway serves normally.
     */
    private void failUpstreamEveryWay() throws Exception {
        List<Runnable> faults = List.of(
                () -> upstream.failsToolsList(Fault.CONNECTION_RESET_BY_PEER),
                () -> upstream.failsToolsList(Fault.EMPTY_RESPONSE),
                () -> upstream.failsToolsList(Fault.RANDOM_DATA_THEN_CLOSE),
                () -> upstream.failsToolsList(Fault.MALFORMED_RESPONSE_CHUNK),
                () -> upstream.listsTools(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"jsonrpc\":\"2.0\",\"id\":")),
                () -> upstream.listsTools(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                        .withBody("data: {\"jsonrpc\":\"2.0\",")),
                () -> upstream.listsTools(aResponse().withStatus(200)
                        .withFixedDelay((REQUEST_TIMEOUT_SECONDS + 3) * 1000)));
        boolean circuitOpened = false;
        for (Runnable fault : faults) {
            fault.run();
            List<Future<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(callers.submit(() -> postAs(steadyToken, "/tools/list", "{\"session_id\":\"steady\"}")));
            }
            for (Future<HttpResponse<String>> call : calls) {
                HttpResponse<String> answer = call.get(HANG.toSeconds(), TimeUnit.SECONDS);
                assertCatalogAnswer(answer, 502, 503, 504, 500);
                circuitOpened |= answer.statusCode() == 503 && answer.body().contains("UPSTREAM_UNAVAILABLE");
            }
        }
        assertThat(circuitOpened).as("the circuit opened under repeated failures").isTrue();
        // flapping, then steady again: the circuit lets trial calls through and closes
        for (int i = 0; i < 4; i++) {
            upstream.listsTools(aResponse().withStatus(i % 2 == 0 ? 503 : 502));
            assertCatalogAnswer(postAs(steadyToken, "/tools/list", "{\"session_id\":\"steady\"}"), 502, 503);
        }
        upstream.listsToolsNormally();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(postAs(steadyToken, "/tools/list", "{\"session_id\":\"steady\"}").statusCode()).isEqualTo(200));
    }

    private static void assertCatalogAnswer(HttpResponse<String> answer, Integer... allowedStatuses) {
        assertThat(answer.statusCode()).as(answer.body()).isIn((Object[]) allowedStatuses);
        assertThat(answer.body()).startsWith("{\"status\":\"error\",\"error_type\":\"").contains("\"request_id\":\"");
    }

    /** Runs one round of failures and measures what the process holds afterwards. */
    private Footprint round(ThrowingRunnable failures) throws Exception {
        failures.run();
        return Footprint.now(GatewayConfiguration.httpWorkers(
                context.getRegistry().lookupByNameAndType("gatewaySettings", GatewaySettings.class)));
    }

    /** No connection of the named client is still leased once every request has been answered. */
    private void assertNothingLeased(String client) {
        PoolingHttpClientConnectionManager pool = (PoolingHttpClientConnectionManager)
                context.getComponent(client, HttpComponent.class).getClientConnectionManager();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            PoolStats stats = pool.getTotalStats();
            assertThat(stats.getLeased()).as(client + " connections leased").isZero();
            assertThat(stats.getPending()).as(client + " requests waiting for a connection").isZero();
        });
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Live threads and heap after a full collection. */
    private record Footprint(int threads, long heapBytes) {

        /**
         * The first round fills most bounded pools (the throttler's); others still grow to their core size over a few
         * rounds (the producer template's, 10, which ends upstream sessions in the background). A thread kept per
         * failed request would add dozens per round: each round fails over 30 requests. The HTTP workers, a fixed pool
         * that starts a thread per task until it is full, may take more rounds to fill than they have tasks: they are
         * held to their configured size instead, exactly.
         */
        static final int THREAD_SLACK = 10;
        static final String HTTP_WORKER = "vert.x-worker-thread-";
        static final long HEAP_SLACK_BYTES = 64L * 1024 * 1024;

        /**
         * Threads of the test's own machinery, which shares the JVM: the neighbours' Jetty pools (a stub still
         * sleeping through a delay the gateway stopped waiting for holds one), the callers' pool, the JDK client.
         */
        static final List<String> NOT_THE_GATEWAYS = List.of("qtp", "pool-", "HttpClient-");

        static Footprint now(int httpWorkerPoolSize) {
            System.gc();
            long httpWorkers = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().startsWith(HTTP_WORKER)).count();
            assertThat(httpWorkers).as("HTTP worker threads").isLessThanOrEqualTo(httpWorkerPoolSize);
            long gatewayThreads = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> NOT_THE_GATEWAYS.stream().noneMatch(thread.getName()::startsWith))
                    .filter(thread -> !thread.getName().startsWith(HTTP_WORKER)).count();
            return new Footprint((int) gatewayThreads, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }

        void assertNoGrowthTo(Footprint later) {
            System.out.printf("[failing neighbours] after rounds 2 and 4: threads %d -> %d, heap after GC %d MB -> %d MB%n", threads,
                    later.threads, heapBytes >> 20, later.heapBytes >> 20);
            assertThat(later.threads).as("threads after two more rounds of failures").isLessThanOrEqualTo(threads + THREAD_SLACK);
            assertThat(later.heapBytes).as("heap after two more rounds of failures").isLessThan(heapBytes + HEAP_SLACK_BYTES);
        }
    }
}
