package io.mcpgateway.replicas;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.GatewayReplica;
import io.mcpgateway.testing.McpUpstreamStub;
import io.mcpgateway.testing.RedisTestServer;
import io.mcpgateway.testing.SourceBoundHttp;
import io.mcpgateway.testing.SourceBoundHttp.Answer;
import io.mcpgateway.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two gateway processes (the packaged jar) and one real Redis: any replica serves any session, limits hold across
 * them, a killed replica loses nothing, a Redis outage fails closed and heals, and Redis holds nothing in clear. Each
 * test uses sessions and a client address of its own (127.0.0.x: the per-client bounds count TCP addresses).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoReplicasIT {

    private static final int INIT_LIMIT = 60;
    private static final int TOOL_LIMIT = 20;
    private static final String CALL = "{\"session_id\":\"%s\",\"name\":\"echo\",\"arguments\":{}}";

    private static RedisTestServer redis;
    private static CredentialApiStub api;
    private static McpUpstreamStub upstream;
    private static GatewayReplica a;
    private static GatewayReplica b;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisTestServer.withPersistence();
        api = new CredentialApiStub();
        api.answers(200, "{\"valid\":true}");
        upstream = new McpUpstreamStub();
        upstream.callsTool(WireMock.aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withTransformers("response-template").withFixedDelay(300)
                .withBody("{\"jsonrpc\":\"2.0\",\"id\":{{jsonPath request.body '$.id'}},\"result\":{\"content\":"
                        + "[{\"type\":\"text\",\"text\":\"echoed\"}]}}"));
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, String> environment = Map.ofEntries(
                Map.entry("MCP_SERVER_URL", upstream.url()),
                Map.entry("API_ALLOWED_HOSTS", "127.0.0.1"),
                Map.entry("GATEWAY_STATE", "redis"),
                Map.entry("GATEWAY_STATE_URL", redis.url()),
                Map.entry("GATEWAY_STATE_KEY", Base64.getEncoder().encodeToString(key)),
                Map.entry("GATEWAY_STATE_TIMEOUT_MS", "500"),
                Map.entry("INIT_RATE_LIMIT_PER_MINUTE", Integer.toString(INIT_LIMIT)),
                Map.entry("MCP_RATE_LIMIT_PER_MINUTE", Integer.toString(TOOL_LIMIT)),
                Map.entry("MCP_MAX_CONCURRENT_CALLS_PER_SESSION", "1"),
                Map.entry("MCP_REQUEST_TIMEOUT", "5"),
                Map.entry("VALIDATION_TIMEOUT", "3"));
        a = new GatewayReplica("A", environment);
        b = new GatewayReplica("B", environment);
        ExecutorService starting = Executors.newFixedThreadPool(2);
        try {
            List<Callable<GatewayReplica>> starts = List.of(a::start, b::start);
            for (Future<GatewayReplica> started : starting.invokeAll(starts)) {
                started.get();
            }
        } finally {
            starting.shutdownNow();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closing : new AutoCloseable[] {a, b, upstream, api, redis}) {
            if (closing != null) {
                closing.close();
            }
        }
    }

    private static Answer init(String source, GatewayReplica replica, String sessionId, String token) {
        return SourceBoundHttp.post(source, replica.url("/init"), null, "{\"session_id\":\"" + sessionId
                + "\",\"apiUrl\":\"" + api.apiUrl("") + "\",\"jwtToken\":\"" + token + "\"}");
    }

    private static Answer call(String source, GatewayReplica replica, String sessionId, String token) {
        return SourceBoundHttp.post(source, replica.url("/tools/call"), token, CALL.formatted(sessionId));
    }

    @Test
    @Order(1)
    void aSessionOpenedOnOneReplicaIsServedAndClosedOnTheOther() {
        String token = TestTokens.jwt("alice");
        int deletesBefore = upstream.deleteCount();
        assertThat(init("127.0.0.2", a, "roaming", token).status()).isEqualTo(200);

        Answer onB = call("127.0.0.2", b, "roaming", token);
        assertThat(onB.status()).as(onB.body()).isEqualTo(200);
        assertThat(onB.body()).contains("echoed");
        assertThat(SourceBoundHttp.send("127.0.0.2", "DELETE", b.url("/sessions/roaming"), token, null).status())
                .isEqualTo(204);

        Answer onA = call("127.0.0.2", a, "roaming", token);
        assertThat(onA.status()).isEqualTo(404);
        assertThat(onA.body()).contains("SESSION_NOT_FOUND");
        await().atMost(Duration.ofSeconds(10)).until(() -> upstream.deleteCount() == deletesBefore + 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> upstream.deleteCount() == deletesBefore + 1);
    }

    @Test
    @Order(2)
    void theToolRateAndTheInitRateHoldForBothReplicasTogether() {
        String token = TestTokens.jwt("bob");
        assertThat(init("127.0.0.3", a, "counted", token).status()).isEqualTo(200);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < TOOL_LIMIT + 6; i++) {
            statuses.add(call("127.0.0.3", i % 2 == 0 ? a : b, "counted", token).status());
        }
        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(TOOL_LIMIT);
        assertThat(statuses.subList(TOOL_LIMIT, statuses.size())).containsOnly(429);

        // /init from one address: INIT_LIMIT in the rolling minute over both replicas (127.0.0.3 has spent one)
        List<Integer> inits = new ArrayList<>();
        for (int i = 0; i < INIT_LIMIT + 4; i++) {
            inits.add(init("127.0.0.3", i % 2 == 0 ? b : a, "counted-" + i, TestTokens.jwt("user-" + i)).status());
        }
        assertThat(inits.stream().filter(s -> s == 200).count()).isEqualTo(INIT_LIMIT - 1);
        assertThat(inits.subList(INIT_LIMIT - 1, inits.size())).containsOnly(429);
    }

    @Test
    @Order(3)
    void fiftyIdenticalInitsOverBothReplicasProbeTheCredentialApiOnce() throws Exception {
        String token = TestTokens.jwt("carol");
        api.accepts(token, 1_000);
        int probesBefore = api.probeCount();
        ExecutorService callers = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                GatewayReplica replica = i % 2 == 0 ? a : b;
                answers.add(callers.submit(() -> {
                    go.await();
                    return init("127.0.0.4", replica, "coalesced", token).status();
                }));
            }
            go.countDown();
            for (Future<Integer> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(api.probeCount() - probesBefore).isEqualTo(1);
    }

    @Test
    @Order(4)
    void aReplicaKilledMidCallLosesNoSessionAndItsLeasesLapse() throws Exception {
        String token = TestTokens.jwt("dave");
        assertThat(init("127.0.0.5", a, "survivor", token).status()).isEqualTo(200);
        upstream.callsTool(WireMock.aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withTransformers("response-template").withFixedDelay(4_000)
                .withBody("{\"jsonrpc\":\"2.0\",\"id\":{{jsonPath request.body '$.id'}},\"result\":{\"content\":[]}}"));
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            caller.submit(() -> call("127.0.0.5", a, "survivor", token)); // holds the session's one slot on A
            Thread.sleep(1_000);
            a.kill();
        } finally {
            caller.shutdownNow();
        }
        upstream.callsTool(WireMock.aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withTransformers("response-template")
                .withBody("{\"jsonrpc\":\"2.0\",\"id\":{{jsonPath request.body '$.id'}},\"result\":{\"content\":[]}}"));

        Answer held = call("127.0.0.5", b, "survivor", token);
        assertThat(held.status()).as("the dead replica's lease still holds the one slot").isEqualTo(429);
        a.start();
        // the lease lapses after the longest request hold (MCP_REQUEST_TIMEOUT 5 s + VALIDATION_TIMEOUT 3 s + 10 s)
        Instant killed = Instant.now();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> call("127.0.0.5", b, "survivor", token).status() == 200);
        assertThat(Duration.between(killed, Instant.now())).isLessThan(Duration.ofSeconds(40));
        assertThat(call("127.0.0.5", a, "survivor", token).status()).as("the restarted replica serves it").isEqualTo(200);
    }

    @Test
    @Order(5)
    void aRedisOutageIsACatalog503EverywhereAndServiceResumesWithEverySession() throws Exception {
        String token = TestTokens.jwt("erin");
        assertThat(init("127.0.0.6", b, "outlasting", token).status()).isEqualTo(200);
        assertThat(call("127.0.0.6", a, "outlasting", token).status()).isEqualTo(200);

        redis.stop();
        List<String> refusals = new ArrayList<>();
        Instant until = Instant.now().plusSeconds(3);
        while (Instant.now().isBefore(until)) {
            for (GatewayReplica replica : List.of(a, b)) {
                long started = System.nanoTime();
                Answer answer = call("127.0.0.6", replica, "outlasting", token);
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                refusals.add(answer.status() + " " + (answer.body().contains("\"error_type\":\"STATE_UNAVAILABLE\""))
                        + " " + (millis < 5_000));
            }
        }
        assertThat(refusals).isNotEmpty().containsOnly("503 true true");
        Answer init = init("127.0.0.6", a, "during-outage", TestTokens.jwt("frank"));
        assertThat(init.status()).isEqualTo(503);
        await().atMost(Duration.ofSeconds(15)).until(() -> a.readiness() == 503 && b.readiness() == 503);
        assertThat(a.readinessBody()).contains("DOWN");

        redis.restart();
        await().atMost(Duration.ofSeconds(30)).until(() -> a.readiness() == 200 && b.readiness() == 200);
        assertThat(call("127.0.0.6", a, "outlasting", token).status()).isEqualTo(200);
        assertThat(call("127.0.0.6", b, "outlasting", token).status()).isEqualTo(200);
    }

    @Test
    @Order(6)
    void redisHoldsNoTokenApiUrlPrincipalOrSessionIdInClear() {
        String token = TestTokens.jwt("planted-principal-51c2");
        assertThat(init("127.0.0.7", a, "planted-session-7d0e", token).status()).isEqualTo(200);
        assertThat(call("127.0.0.7", b, "planted-session-7d0e", token).status()).isEqualTo(200);

        StringBuilder dump = new StringBuilder();
        try (Jedis admin = redis.admin()) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = admin.scan(cursor, new ScanParams().count(200));
                for (String key : page.getResult()) {
                    dump.append(key).append('\n').append(switch (admin.type(key)) {
                        case "string" -> admin.get(key);
                        case "hash" -> admin.hgetAll(key).toString();
                        case "zset" -> admin.zrangeWithScores(key, 0, -1).toString();
                        case "none" -> ""; // expired between SCAN and now (a short-lived key)
                        default -> new String(admin.dump(key), StandardCharsets.ISO_8859_1);
                    }).append('\n');
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
        assertThat(dump).contains("mcpgw:session:{");
        assertThat(dump.toString()).doesNotContain("planted-session-7d0e", "planted-principal-51c2", token,
                token.substring(token.lastIndexOf('.') + 1), api.apiUrl(""), "127.0.0.7", "stub-session-1");
    }
}
