package io.mcpgateway.credentials;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A credential API that holds every probe cannot hold the workers that serve tool calls: probes have a bound of their
 * own (VALIDATION_MAX_CONCURRENT), and an init beyond it is answered at once.
 */
class ProbeBoundIT extends GatewayTestSupport {

    private static final int INITS = 40;
    private static final int API_HOLD_MILLIS = 3_000;

    private final CredentialApiStub fastApi = new CredentialApiStub();
    private final CredentialApiStub stallingApi = new CredentialApiStub();

    @Override
    protected Map<String, String> settings() {
        // a small gateway, so that 40 inits outnumber its workers (2 calls + 2 probes + 8 waiters + 16 reserved)
        return Map.of("gateway.api.validation-max-concurrent", "2",
                "mcp.max-concurrent-calls", "2",
                "gateway.init.rate-limit-per-minute", "1000",
                "gateway.api.validation-timeout-seconds", "5");
    }

    @AfterEach
    void stopApis() {
        fastApi.close();
        stallingApi.close();
    }

    @Test
    void probesBeyondTheBoundAreRefusedAtOnceAndToolCallsKeepTheirSpeed() throws Exception {
        String alice = TestTokens.jwt("alice");
        fastApi.accepts(alice);
        assertThat(postInit("alice", fastApi.apiUrl(""), alice).statusCode()).isEqualTo(200);
        stallingApi.answersSlowly(API_HOLD_MILLIS);

        var pool = Executors.newFixedThreadPool(INITS);
        try {
            List<CompletableFuture<long[]>> inits = IntStream.range(0, INITS).mapToObj(i -> CompletableFuture.supplyAsync(
                    () -> timed(() -> postInit("flood-" + i, stallingApi.apiUrl(""), TestTokens.jwt("user-" + i))), pool))
                    .toList();
            Thread.sleep(500); // the flood has arrived and holds what it can

            long[] call = timed(() -> postAs(alice, "/tools/call",
                    "{\"session_id\":\"alice\",\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}"));
            assertThat(call[0]).isEqualTo(200);
            assertThat(call[1]).as("a tool call during the flood (ms)").isLessThan(API_HOLD_MILLIS / 2);

            List<long[]> answers = inits.stream().map(CompletableFuture::join).toList();
            List<long[]> refused = answers.stream().filter(a -> a[0] == 503).toList();
            assertThat(answers).allSatisfy(a -> assertThat(a[0]).isIn(200L, 503L));
            assertThat(refused).as("all but the probes in progress").hasSizeGreaterThanOrEqualTo(INITS - 2);
            assertThat(refused).allSatisfy(a -> assertThat(a[1]).as("refused at once (ms)").isLessThan(API_HOLD_MILLIS / 2));
        } finally {
            pool.shutdownNow();
        }
        assertThat(stallingApi.probeCount()).isLessThanOrEqualTo(2);
    }

    @Test
    void theRefusalSaysWhenToTryAgain() throws Exception {
        stallingApi.answersSlowly(API_HOLD_MILLIS);
        var pool = Executors.newFixedThreadPool(3);
        try {
            List<CompletableFuture<HttpResponse<String>>> inits = IntStream.range(0, 3).mapToObj(i -> CompletableFuture
                    .supplyAsync(() -> postInit("busy-" + i, stallingApi.apiUrl(""), TestTokens.jwt("u" + i)), pool)).toList();
            HttpResponse<String> refused = inits.stream().map(CompletableFuture::join)
                    .filter(r -> r.statusCode() == 503).findFirst().orElseThrow();
            assertThat(refused.body()).contains("\"error_type\":\"API_UNAVAILABLE\"")
                    .contains("Too many credential checks in progress");
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        } finally {
            pool.shutdownNow();
        }
    }

    private static long[] timed(java.util.function.Supplier<HttpResponse<String>> request) {
        long started = System.nanoTime();
        int status = request.get().statusCode();
        return new long[] {status, (System.nanoTime() - started) / 1_000_000};
    }
}
