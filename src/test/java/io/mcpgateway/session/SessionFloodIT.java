package io.mcpgateway.session;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.mcpgateway.testing.CapturedLogs;
import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.McpTestServer;
import io.mcpgateway.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One caller cannot flood the session store or push other users out: eviction follows successful use only, a principal
 * holds a bounded number of sessions, a refused init costs the upstream nothing, and a refresh never cuts a running call.
 */
class SessionFloodIT extends GatewayTestSupport {

    private final CredentialApiStub api = new CredentialApiStub();

    @Override
    protected Map<String, String> settings() {
        return Map.of("gateway.session.max", "4",
                "gateway.session.max-per-principal", "2",
                "gateway.session.max-per-client", "100",
                "gateway.init.rate-limit-per-minute", "1000");
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    private String open(String sessionId, String subject) {
        String token = TestTokens.jwt(subject);
        api.accepts(token);
        assertThat(postInit(sessionId, api.apiUrl(""), token).statusCode()).isEqualTo(200);
        return token;
    }

    private HttpResponse<String> list(String token, String sessionId) {
        return postAs(token, "/tools/list", "{\"session_id\":\"" + sessionId + "\"}");
    }

    /** Requests that opened an upstream session (or probed its era): the ones without an upstream session id. */
    private static long upstreamOpenings() {
        return McpTestServer.shared().requestHeaders().stream()
                .filter(h -> "POST".equals(h.get(":method")) && !h.containsKey("Mcp-Session-Id")).count();
    }

    @Test
    void requestsRefusedWith4xxDoNotProtectAFloodFromEviction() {
        String m1 = open("flood-1", "mallory-1");
        String m2 = open("flood-2", "mallory-2");
        String m3 = open("flood-3", "mallory-3");
        String alice = open("alice", "alice");
        assertThat(list(alice, "alice").statusCode()).isEqualTo(200);
        for (int i = 0; i < 10; i++) { // cheap requests, all refused: they must not count as use
            for (var flood : Map.of("flood-1", m1, "flood-2", m2, "flood-3", m3).entrySet()) {
                assertThat(postAs(flood.getValue(), "/tools/call", "{\"session_id\":\"" + flood.getKey()
                        + "\",\"name\":\"no such tool!\"}").statusCode()).isEqualTo(400);
            }
        }

        open("eve", "eve"); // the store is full: the session least recently used with success gives way

        assertThat(list(alice, "alice").statusCode()).isEqualTo(200);
        HttpResponse<String> evicted = list(m1, "flood-1");
        assertThat(evicted.statusCode()).isEqualTo(404);
        assertThat(evicted.body()).contains("\"error_type\":\"SESSION_EVICTED\"").contains("run /init again");
        assertThat(sessions().ids()).containsExactlyInAnyOrder("flood-2", "flood-3", "alice", "eve");
        assertThat(getManagement("/observe/metrics").body()).contains("mcp_gateway_sessions_evicted_total 1.0");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(CapturedLogs.text())
                .contains("\"event\":\"session_evicted\",\"session_id\":\"flood-1\",\"principal\":\"mallory-1\""));
    }

    @Test
    void aPrincipalHoldsABoundedNumberOfSessionsAndTheRefusalCostsTheUpstreamNothing() {
        open("bob-1", "bob");
        open("bob-2", "bob");
        String third = TestTokens.jwt("bob");
        api.accepts(third);
        long openings = upstreamOpenings();

        HttpResponse<String> refused = postInit("bob-3", api.apiUrl(""), third);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("\"error_type\":\"RATE_LIMITED\"").contains("Too many sessions for this principal");
        assertThat(upstreamOpenings()).isEqualTo(openings);
        assertThat(sessions().peek("bob-3")).isEmpty();
        assertThat(postInit("bob-1", api.apiUrl(""), third).statusCode()).as("a refresh adds no session").isEqualTo(200);
    }

    @Test
    void anotherPrincipalsInitIsRefusedBeforeAnyUpstreamSessionIsOpenedForIt() {
        String carol = open("carols", "carol");
        String mallory = TestTokens.jwt("mallory");
        api.accepts(mallory);
        long openings = upstreamOpenings();

        assertThat(postInit("carols", api.apiUrl(""), mallory).statusCode()).isEqualTo(409);

        assertThat(upstreamOpenings()).isEqualTo(openings);
        assertThat(list(carol, "carols").statusCode()).isEqualTo(200);
    }

    @Test
    void aRefreshWaitsForTheCallInFlightBeforeEndingItsUpstreamSession() throws Exception {
        String before = open("refreshing", "dave");
        String oldUpstream = sessions().peek("refreshing").orElseThrow().upstream("default").sessionId();
        CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> postAs(before, "/tools/call",
                "{\"session_id\":\"refreshing\",\"name\":\"slow\",\"arguments\":{\"steps\":8}}"));
        Thread.sleep(500); // the call is running upstream

        String after = open("refreshing", "dave"); // same principal, new token: a refresh

        assertThat(endedUpstream(oldUpstream)).as("not while the call runs").isFalse();
        HttpResponse<String> result = slow.get();
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.body()).contains("done after 8 steps");
        await().atMost(Duration.ofSeconds(5)).until(() -> endedUpstream(oldUpstream));
        assertThat(list(after, "refreshing").statusCode()).isEqualTo(200);
    }

    private static boolean endedUpstream(String upstreamSessionId) {
        return McpTestServer.shared().requestHeaders().stream().anyMatch(h -> "DELETE".equals(h.get(":method"))
                && upstreamSessionId.equals(h.get("Mcp-Session-Id")));
    }
}
