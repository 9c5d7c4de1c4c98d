package io.mcpgateway.session;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.http.Fault;
import io.mcpgateway.testing.CapturedLogs;
import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every SESSION_REVALIDATE_SECONDS the credential API is asked again about a session's token, once per session: a
 * revoked token ends the session; an API that cannot answer is tolerated for the grace, then the session is refused
 * until it answers again.
 */
class RevalidationIT extends GatewayTestSupport {

    private final CredentialApiStub api = new CredentialApiStub();

    @Override
    protected Map<String, String> settings() {
        return Map.of("gateway.session.revalidate-seconds", "1",
                "gateway.session.revalidate-grace-seconds", "2",
                "mcp.max-concurrent-calls-per-session", "16");
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    private HttpResponse<String> list(String token, String sessionId) {
        return postAs(token, "/tools/list", "{\"session_id\":\"" + sessionId + "\"}");
    }

    @Test
    void aRevokedTokenEndsTheSessionAtItsNextRevalidation() {
        String token = TestTokens.jwt("alice");
        api.accepts(token);
        assertThat(postInit("revoked", api.apiUrl(""), token).statusCode()).isEqualTo(200);
        assertThat(list(token, "revoked").statusCode()).as("not due yet: no probe").isEqualTo(200);
        assertThat(api.probeCount()).isEqualTo(1);
        api.reset();
        api.answers(401, "");

        HttpResponse<String> refused = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> list(token, "revoked"), r -> r.statusCode() != 200);

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("\"error_type\":\"AUTH_ERROR\"").contains("no longer accepts");
        assertThat(api.probeCount()).isEqualTo(1);
        assertThat(sessions().peek("revoked")).isEmpty();
        assertThat(CapturedLogs.text()).contains("\"event\":\"session_revoked\",\"session_id\":\"revoked\"");
    }

    @Test
    void manyRequestsOnADueSessionWaitForOneProbe() throws Exception {
        String token = TestTokens.jwt("bob");
        api.accepts(token, 500);
        assertThat(postInit("busy", api.apiUrl(""), token).statusCode()).isEqualTo(200);
        Thread.sleep(1_200); // past the interval
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 8)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> list(token, "busy"), pool)).toList();
            assertThat(calls.stream().map(CompletableFuture::join).map(HttpResponse::statusCode)).containsOnly(200);
        } finally {
            pool.shutdownNow();
        }
        assertThat(api.probeCount()).as("the init's probe and one re-validation").isEqualTo(2);
    }

    @Test
    void anUnreachableApiIsToleratedForTheGraceThenRefusedUntilItAnswersAgain() throws Exception {
        String token = TestTokens.jwt("carol");
        api.accepts(token);
        assertThat(postInit("outage", api.apiUrl(""), token).statusCode()).isEqualTo(200);
        api.reset();
        api.fails(Fault.CONNECTION_RESET_BY_PEER);
        Thread.sleep(1_200); // due, within the grace

        assertThat(list(token, "outage").statusCode()).as("within the grace").isEqualTo(200);
        assertThat(api.probeCount()).isEqualTo(1);
        HttpResponse<String> refused = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> list(token, "outage"), r -> r.statusCode() != 200);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("\"error_type\":\"API_UNAVAILABLE\"");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(sessions().peek("outage")).as("kept, to recover with the API").isPresent();

        api.reset();
        api.accepts(token);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> list(token, "outage").statusCode() == 200);
    }
}
