package io.mcpgateway.session;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.http.Fault;
import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.TestTokens;
import io.mcpgateway.testing.TricklingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /init} and session close over real HTTP, against a real credential API (WireMock). */
class InitSessionIT extends GatewayTestSupport {

    private static final String ALICE = TestTokens.jwt("alice");

    private final CredentialApiStub api = new CredentialApiStub();

    @Override
    protected Map<String, String> settings() {
        return Map.of("gateway.api.validation-timeout-seconds", "2",
                "gateway.init.rate-limit-per-minute", "1000");
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    // --- the seed's five scenarios ---------------------------------------------------------------

    @Test
    void missingParametersAre400() {
        HttpResponse<String> response = postJson("/init", "{\"session_id\":\"user_123\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"error_type\":\"VALIDATION_ERROR\"", "apiUrl", "jwtToken");
        assertThat(api.requestCount()).isZero();
    }

    @Test
    void invalidUrlIs401WithoutAnyCall() {
        for (String url : List.of("not a url", "ftp://127.0.0.1/x", "/relative/path", "http://user:pw@127.0.0.1/",
                api.apiUrl("/v1#fragment"), "http:///nohost")) {
            HttpResponse<String> response = postInit("user_123", url, ALICE);
            assertThat(response.statusCode()).as(url).isEqualTo(401);
            assertThat(response.body()).as(url).contains("\"error_type\":\"AUTH_ERROR\"");
        }
        assertThat(api.requestCount()).isZero();
    }

    @Test
    void invalidJwtIs401WithoutAnyCall() {
        HttpResponse<String> response = postInit("user_123", api.apiUrl(""), "header.payload");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"error_type\":\"AUTH_ERROR\"", "Invalid JWT token format");
        assertThat(api.requestCount()).isZero();
    }

    @Test
    void slowCredentialApiIs500WithinTheValidationTimeout() {
        api.answersSlowly(10_000);

        long started = System.nanoTime();
        HttpResponse<String> response = postInit("user_123", api.apiUrl(""), ALICE);
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("\"error_type\":\"NETWORK_ERROR\"");
        // VALIDATION_TIMEOUT is 2 s here; the API would take 10 s. The margin covers a loaded CI machine.
        assertThat(elapsedMillis).isLessThan(6_000);
        assertThat(sessions().peek("user_123")).isEmpty();
    }

    @Test
    void tricklingCredentialApiIsCutOffAtTheValidationTimeout() throws Exception {
        try (TricklingServer slow = TricklingServer.slowHead(400)) {
            long started = System.nanoTime();
            HttpResponse<String> response = postInit("user_123", slow.url(), ALICE);
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).contains("\"error_type\":\"NETWORK_ERROR\"");
            // each byte arrives within the 2 s socket timeout; only the 2 s total limit ends this
            assertThat(elapsedMillis).isLessThan(6_000);
        }
    }

    @Test
    void aSlowBodyAfterTheStatusDoesNotHoldTheProbe() throws Exception {
        try (TricklingServer slow = TricklingServer.slowBody(400)) {
            long started = System.nanoTime();
            HttpResponse<String> response = postInit("user_123", slow.url(), ALICE);
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

            // the status decides; the body (1000 bytes at 400 ms each) is never waited for
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(elapsedMillis).isLessThan(6_000);
        }
    }

    @Test
    void retryAfterIsNotFollowedAndTheTokenIsSentOnce() {
        api.answersWithRetryAfter(503, 12);

        long started = System.nanoTime();
        HttpResponse<String> response = postInit("user_123", api.apiUrl(""), ALICE);
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("Connection test failed: 503 Service Unavailable");
        assertThat(api.probeCount()).isEqualTo(1);
        assertThat(elapsedMillis).isLessThan(6_000);
    }

    @Test
    void oneUsersCookiesNeverReachAnotherUsersProbe() {
        String mallory = TestTokens.jwt("alice"); // a forged token claiming alice's sub
        api.acceptsSettingCookie(ALICE, "sid=FIRST-USER-SESSION");
        assertThat(postInit("user_123", api.apiUrl(""), ALICE).statusCode()).isEqualTo(200);

        // the API accepts the forged token only with alice's session cookie
        api.reset();
        api.answers(401, "");
        api.acceptsWithCookie(mallory, "sid=FIRST-USER-SESSION");
        HttpResponse<String> hijack = postInit("user_123", api.apiUrl(""), mallory);

        assertThat(hijack.statusCode()).isEqualTo(401);
        assertThat(api.probeHeaders()).allSatisfy(headers -> assertThat(headers.keys()).doesNotContain("Cookie"));
        assertThat(sessions().peek("user_123")).get().extracting(GatewaySession::token).isEqualTo(ALICE);
    }

    @Test
    void theProbeCarriesOnlyWhatItNeeds() {
        api.accepts(ALICE);
        send(java.net.http.HttpRequest.newBuilder(gateway("/init"))
                .header("Content-Type", "application/json; charset=UTF-16") // the body is UTF-8 all the same
                .header("X-Forwarded-For", "10.0.0.1").header("Cookie", "caller=1").header("X-Api-Key", "caller-key")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"session_id\":\"user_123\",\"apiUrl\":\""
                        + api.apiUrl("") + "\",\"jwtToken\":\"" + ALICE + "\"}")));

        assertThat(api.probeHeaders()).singleElement().satisfies(headers -> {
            assertThat(headers.getHeader("Authorization").firstValue()).isEqualTo("Bearer " + ALICE);
            assertThat(headers.keys()).doesNotContain("X-Forwarded-For", "Cookie", "X-Api-Key", "Accept-Encoding");
            assertThat(headers.getHeader("Content-Type").firstValue()).doesNotContainIgnoringCase("UTF-16");
            assertThat(headers.keys()).noneMatch(name -> name.startsWith("Camel"));
        });
    }

    @Test
    void sameCredentialsReuseTheSessionWithNoNewProbe() {
        api.accepts(ALICE);

        assertThat(postInit("user_123", api.apiUrl(""), ALICE).statusCode()).isEqualTo(200);
        assertThat(postInit("user_123", api.apiUrl(""), ALICE).statusCode()).isEqualTo(200);
        assertThat(postInit("user_123", api.apiUrl(""), ALICE).statusCode()).isEqualTo(200);

        assertThat(api.probeCount()).isEqualTo(1);
    }

    // --- credential API outcomes -----------------------------------------------------------------

    @Test
    void probeSendsTheTokenToTheValidatePathUnderTheApiUrl() {
        api.accepts(ALICE);

        assertThat(postInit("user_123", api.apiUrl("/"), ALICE).statusCode()).isEqualTo(200);

        assertThat(api.probeCount()).isEqualTo(1);
    }

    @Test
    void credentialApiRejectionsAre401ApiError() {
        for (int status : new int[] {401, 403, 404}) {
            api.reset();
            api.answers(status, "{\"detail\":\"secret internal detail\"}");
            HttpResponse<String> response = postInit("user_" + status, api.apiUrl(""), ALICE);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).contains("\"error_type\":\"API_ERROR\"", "Connection test failed: " + status)
                    .doesNotContain("secret internal detail");
        }
        assertThat(postInit("user_403", api.apiUrl(""), ALICE).body())
                .contains("\"error\":\"Connection test failed: 404 Not Found\"");
    }

    @Test
    void credentialApiServerErrorIs500ServerError() {
        api.answers(500, "stack trace at com.example.Secret");

        HttpResponse<String> response = postInit("user_123", api.apiUrl(""), ALICE);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("\"error_type\":\"SERVER_ERROR\"",
                "Connection test failed: 500 Internal Server Error").doesNotContain("com.example");
    }

    @Test
    void connectionResetIs500NetworkError() {
        api.fails(Fault.CONNECTION_RESET_BY_PEER);

        HttpResponse<String> response = postInit("user_123", api.apiUrl(""), ALICE);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("\"error_type\":\"NETWORK_ERROR\"");
    }

    @Test
    void connectionRefusedIs500NetworkError() {
        HttpResponse<String> response = postInit("user_123", "http://127.0.0.1:" + freePort(), ALICE);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("\"error_type\":\"NETWORK_ERROR\"");
    }

    @Test
    void unknownHostIs500NetworkError() {
        HttpResponse<String> response = postInit("user_123", "https://no-such-host.invalid", ALICE);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("\"error_type\":\"NETWORK_ERROR\"");
    }

    @Test
    void redirectsAreNotFollowed() {
        api.redirectsTo(api.apiUrl("/elsewhere"));

        HttpResponse<String> response = postInit("user_123", api.apiUrl(""), ALICE);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(api.requestCount()).isEqualTo(1);
    }

    // --- session security ------------------------------------------------------------------------

    @Test
    void hijackAttemptWithAnotherTokenNeverGets200() {
        api.accepts(ALICE);
        postInit("user_123", api.apiUrl(""), ALICE);

        // the attacker's token is rejected by the API: 401, session unchanged
        HttpResponse<String> rejected = postInit("user_123", api.apiUrl(""), TestTokens.jwt("mallory"));
        assertThat(rejected.statusCode()).isEqualTo(401);

        // the attacker's token is valid at the API but for another principal: 409, session unchanged
        String mallory = TestTokens.jwt("mallory");
        api.accepts(mallory);
        HttpResponse<String> conflict = postInit("user_123", api.apiUrl(""), mallory);
        assertThat(conflict.statusCode()).isEqualTo(409);

        assertThat(api.probeCount()).isEqualTo(3);
        assertThat(sessions().peek("user_123")).get().extracting(GatewaySession::token).isEqualTo(ALICE);
    }

    @Test
    void concurrentIdenticalInitsMakeOneProbeAndOneSession() throws Exception {
        api.accepts(ALICE, 500); // keeps the leader in flight while the others arrive
        var pool = Executors.newFixedThreadPool(32);
        try {
            List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 100)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> postInit("user_123", api.apiUrl(""), ALICE), pool))
                    .toList();
            List<Integer> statuses = calls.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();

            assertThat(statuses).containsOnly(200).hasSize(100);
        } finally {
            pool.shutdownNow();
        }
        assertThat(api.probeCount()).isEqualTo(1);
        assertThat(sessions().size()).isEqualTo(1);
    }

    @Test
    void closingASessionNeedsItsToken() {
        api.accepts(ALICE);
        postInit("user_123", api.apiUrl(""), ALICE);

        assertThat(deleteSession("user_123", null).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = deleteSession("user_123", TestTokens.jwt("alice"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(deleteSession("unknown_session", ALICE).statusCode()).isEqualTo(404);
        assertThat(sessions().peek("user_123")).isPresent();

        HttpResponse<String> closed = deleteSession("user_123", ALICE);
        assertThat(closed.statusCode()).isEqualTo(204);
        assertThat(closed.body()).isEmpty();
        assertThat(sessions().peek("user_123")).isEmpty();

        // a closed session is not reused: the next init validates again
        postInit("user_123", api.apiUrl(""), ALICE);
        assertThat(api.probeCount()).isEqualTo(2);
    }
}
