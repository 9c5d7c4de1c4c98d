package io.mcpgateway.tools;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-principal share of the upstream, against the MCP Java SDK server's {@code slow} tool: a principal with
 * several sessions holds no more calls in progress than its share (here the default, a quarter of the total), and
 * another principal's call still finds a slot.
 */
class FairShareIT extends GatewayTestSupport {

    private static final String SLOW_CALL = "{\"session_id\":\"%s\",\"name\":\"slow\",\"arguments\":{\"steps\":10}}";

    private final CredentialApiStub api = new CredentialApiStub();
    private final ExecutorService callers = Executors.newFixedThreadPool(6);

    @Override
    protected Map<String, String> settings() {
        // total 6, 2 per session; per principal not set: a quarter of 6, that is 1
        return Map.of("mcp.max-concurrent-calls", "6", "mcp.max-concurrent-calls-per-session", "2",
                "gateway.init.rate-limit-per-minute", "1000", "mcp.rate-limit-per-minute", "1000");
    }

    @AfterEach
    void stop() {
        callers.shutdownNow();
        api.close();
    }

    @Test
    void onePrincipalsManySessionsCannotTakeEverySlotFromTheOthers() {
        api.answers(200, "");
        List<String> aliceTokens = IntStream.range(0, 3).mapToObj(i -> TestTokens.jwt("alice")).toList();
        for (int i = 0; i < 3; i++) {
            assertThat(postInit("alice_" + i, api.apiUrl(""), aliceTokens.get(i)).statusCode()).isEqualTo(200);
        }
        String bobToken = TestTokens.jwt("bob");
        assertThat(postInit("bob_0", api.apiUrl(""), bobToken).statusCode()).isEqualTo(200);

        // two slow calls in each of alice's three sessions: without a per-principal share they fill the total of 6
        List<CompletableFuture<HttpResponse<String>>> alice = IntStream.range(0, 6).mapToObj(i -> CompletableFuture.supplyAsync(
                () -> postAs(aliceTokens.get(i % 3), "/tools/call", SLOW_CALL.formatted("alice_" + i % 3)), callers)).toList();
        // the refusals come at once; an admitted call takes 2.5 s
        await().atMost(Duration.ofSeconds(20)).until(() -> alice.stream().filter(CompletableFuture::isDone).count() >= 5);
        HttpResponse<String> bob = postAs(bobToken, "/tools/call",
                "{\"session_id\":\"bob_0\",\"name\":\"echo\",\"arguments\":{\"text\":\"my turn\"}}");
        boolean aliceStillCalling = alice.stream().anyMatch(call -> !call.isDone());
        List<HttpResponse<String>> answers = alice.stream().map(CompletableFuture::join).toList();

        assertThat(answers).filteredOn(r -> r.statusCode() == 200).as("alice's share").hasSize(1);
        assertThat(answers).filteredOn(r -> r.statusCode() == 429).hasSize(5).allSatisfy(r -> {
            assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(r.body()).contains("\"error_type\":\"RATE_LIMITED\"");
        });
        assertThat(bob.statusCode()).as(bob.body()).isEqualTo(200);
        assertThat(bob.body()).contains("my turn");
        assertThat(aliceStillCalling).as("bob was served while alice held her share").isTrue();
        assertThat(getManagement("/observe/metrics").body()).as("counted as a concurrency refusal")
                .contains("mcp_gateway_throttle_rejections_total{limit=\"concurrency\",route=\"call-tool\"} 5.0");
    }
}
