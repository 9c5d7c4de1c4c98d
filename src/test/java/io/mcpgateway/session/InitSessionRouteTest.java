package io.mcpgateway.session;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;

import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.TestTokens;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every branch of {@code init-session}, with the credential API's HTTP call replaced by a mock (AdviceWith on the
 * production YAML routes). Requests still travel over real HTTP to the gateway.
 */
class InitSessionRouteTest extends GatewayTestSupport {

    private static final String API = "https://api.example.com/v1";
    private static final String ALICE = TestTokens.jwt("alice");

    private MockEndpoint credentialApi;

    @Override
    public void configureTest(TestExecutionConfiguration test) {
        super.configureTest(test);
        test.withUseAdviceWith(true);
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("gateway.api.validation-timeout-seconds", "1",
                "gateway.init.rate-limit-per-minute", "1000");
    }

    @BeforeEach
    void replaceCredentialApiWithMock() throws Exception {
        AdviceWith.adviceWith(context, "validate-credentials",
                route -> route.weaveById("call-credential-api").replace().to("mock:credential-api"));
        // api.example.com must pass the SSRF guard without DNS in tests
        AdviceWith.adviceWith(context, "init-session",
                route -> route.weaveById("check-api-url").replace().to("mock:check-api-url"));
        context.start();
        credentialApi = getMockEndpoint("mock:credential-api");
        answerProbeWith(200);
    }

    private void answerProbeWith(int status) {
        credentialApi.whenAnyExchangeReceived(e -> e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status));
    }

    @Test
    void newSessionIsValidatedAndStored() throws Exception {
        credentialApi.expectedMessageCount(1);
        credentialApi.expectedHeaderReceived(Exchange.HTTP_URI, API + "/settings/validate");
        credentialApi.expectedHeaderReceived(Exchange.HTTP_METHOD, "POST");
        credentialApi.expectedHeaderReceived("Authorization", "Bearer " + ALICE);

        HttpResponse<String> response = postInit("user_123", API, ALICE);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
        credentialApi.assertIsSatisfied();
        assertThat(sessions().peek("user_123")).get().extracting(GatewaySession::principal).isEqualTo("alice");
    }

    @Test
    void probeRequestCarriesNoCallerHeaders() throws Exception {
        credentialApi.expectedMessageCount(1);
        send(java.net.http.HttpRequest.newBuilder(gateway("/init")).header("Content-Type", "application/json")
                .header("X-Forwarded-For", "10.0.0.1").header("Cookie", "secret=1")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"session_id\":\"s1\",\"apiUrl\":\"" + API + "\",\"jwtToken\":\"" + ALICE + "\"}")));
        credentialApi.assertIsSatisfied();
        Map<String, Object> headers = credentialApi.getExchanges().get(0).getMessage().getHeaders();
        assertThat(headers).doesNotContainKeys("X-Forwarded-For", "Cookie", "CamelHttpPath", "CamelHttpQuery");
    }

    @Test
    void sameCredentialsReuseTheSessionWithoutAProbe() throws Exception {
        postInit("user_123", API, ALICE);
        credentialApi.reset();
        credentialApi.expectedMessageCount(0);

        HttpResponse<String> again = postInit("user_123", API, ALICE);

        assertThat(again.statusCode()).isEqualTo(200);
        credentialApi.assertIsSatisfied();
    }

    @Test
    void sameTokenForAnotherApiUrlIsValidatedAgainAndRefusedAsConflict() throws Exception {
        postInit("user_123", API, ALICE);
        credentialApi.reset();
        answerProbeWith(200);
        credentialApi.expectedMessageCount(1);

        HttpResponse<String> moved = postInit("user_123", "https://other.example.com", ALICE);

        credentialApi.assertIsSatisfied();
        assertThat(moved.statusCode()).isEqualTo(409);
        assertThat(moved.body()).contains("\"error_type\":\"SESSION_CONFLICT\"");
        assertThat(sessions().peek("user_123")).get().extracting(GatewaySession::apiUrl).isEqualTo(API);
    }

    @Test
    void refreshedTokenForTheSamePrincipalReplacesTheOldOne() {
        postInit("user_123", API, ALICE);
        String refreshed = TestTokens.jwt("HS256", "{\"sub\":\"alice\",\"iat\":" + Instant.now().getEpochSecond() + "}");

        assertThat(postInit("user_123", API, refreshed).statusCode()).isEqualTo(200);

        GatewaySession session = sessions().peek("user_123").orElseThrow();
        assertThat(session.token()).isEqualTo(refreshed);
    }

    @Test
    void anotherPrincipalsValidTokenCannotTakeOverASession() {
        postInit("user_123", API, ALICE);

        HttpResponse<String> hijack = postInit("user_123", API, TestTokens.jwt("mallory"));

        assertThat(hijack.statusCode()).isEqualTo(409);
        assertThat(sessions().peek("user_123")).get().extracting(GatewaySession::token).isEqualTo(ALICE);
    }

    @Test
    void rejectedCredentialsLeaveTheExistingSessionUntouched() {
        postInit("user_123", API, ALICE);
        answerProbeWith(403);

        HttpResponse<String> response = postInit("user_123", API, TestTokens.jwt("alice"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"error_type\":\"API_ERROR\"")
                .contains("\"error\":\"Connection test failed: 403 Forbidden\"");
        assertThat(sessions().peek("user_123")).get().extracting(GatewaySession::token).isEqualTo(ALICE);
    }

    @Test
    void credentialApiStatusesMapToTheCatalog() {
        assertProbeStatusGives(401, 401, "API_ERROR", "Connection test failed: 401 Unauthorized");
        assertProbeStatusGives(404, 401, "API_ERROR", "Connection test failed: 404 Not Found");
        assertProbeStatusGives(302, 401, "API_ERROR", "Connection test failed: 302 Moved Temporarily");
        assertProbeStatusGives(500, 500, "SERVER_ERROR", "Connection test failed: 500 Internal Server Error");
        assertProbeStatusGives(503, 500, "SERVER_ERROR", "Connection test failed: 503 Service Unavailable");
        assertThat(sessions().size()).isZero();
    }

    private void assertProbeStatusGives(int probeStatus, int status, String errorType, String message) {
        answerProbeWith(probeStatus);
        HttpResponse<String> response = postInit("s-" + probeStatus, API, ALICE);
        assertThat(response.statusCode()).as("probe answered %d", probeStatus).isEqualTo(status);
        assertThat(response.body()).contains("\"error_type\":\"" + errorType + "\"", "\"error\":\"" + message + "\"");
    }

    @Test
    void unreachableCredentialApiIsANetworkError() {
        credentialApi.whenAnyExchangeReceived(e -> {
            throw new java.net.ConnectException("Connection refused: api.example.com/203.0.113.7:443");
        });

        HttpResponse<String> response = postInit("user_123", API, ALICE);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("\"error_type\":\"NETWORK_ERROR\"").doesNotContain("203.0.113.7");
        assertThat(sessions().peek("user_123")).isEmpty();
    }

    @Test
    void probeDeadlineExpiryIsANetworkError() {
        credentialApi.whenAnyExchangeReceived(e -> {
            throw new java.io.InterruptedIOException("credential probe exceeded its time limit");
        });

        HttpResponse<String> response = postInit("user_123", API, ALICE);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("\"error_type\":\"NETWORK_ERROR\"");
        assertThat(sessions().peek("user_123")).isEmpty();
    }

    @Test
    void missingParametersAreNamed() {
        HttpResponse<String> response = postJson("/init", "{\"session_id\":\"user_123\",\"jwtToken\":\"\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"error_type\":\"VALIDATION_ERROR\"",
                "Missing required parameters: apiUrl, jwtToken");
    }

    @Test
    void nonStringParameterIsRejected() {
        HttpResponse<String> response = postJson("/init",
                "{\"session_id\":42,\"apiUrl\":\"" + API + "\",\"jwtToken\":\"" + ALICE + "\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Parameter 'session_id' must be a string");
    }

    @Test
    void malformedSessionIdIsRejected() {
        assertThat(postInit("bad id", API, ALICE).statusCode()).isEqualTo(400);
        assertThat(postInit("x".repeat(129), API, ALICE).statusCode()).isEqualTo(400);
        assertThat(postInit("user.name:1@tenant-a_b", API, ALICE).statusCode()).isEqualTo(200);
    }

    @Test
    void malformedJsonAndDuplicateKeysAreRejected() {
        assertThat(postJson("/init", "{\"session_id\": ").statusCode()).isEqualTo(400);
        HttpResponse<String> duplicate = postJson("/init",
                "{\"session_id\":\"a\",\"session_id\":\"b\",\"apiUrl\":\"" + API + "\",\"jwtToken\":\"" + ALICE + "\"}");
        assertThat(duplicate.statusCode()).isEqualTo(400);
        assertThat(duplicate.body()).contains("Malformed JSON body");
        assertThat(postJson("/init", "[1,2]").body()).contains("Request body must be a JSON object");
    }

    @Test
    void invalidJwtsAreRejectedWithoutAProbe() throws Exception {
        credentialApi.expectedMessageCount(0);
        long past = Instant.now().minusSeconds(3600).getEpochSecond();
        long future = Instant.now().plusSeconds(3600).getEpochSecond();

        assertThat(postInit("s1", API, "not-a-jwt").body()).contains("Invalid JWT token format");
        assertThat(postInit("s1", API, TestTokens.jwt("none", "{\"sub\":\"a\"}")).body()).contains("unsigned");
        assertThat(postInit("s1", API, TestTokens.jwt("NONE", "{\"sub\":\"a\"}")).body()).contains("unsigned");
        assertThat(postInit("s1", API, TestTokens.jwt("HS256", "{\"exp\":" + past + "}")).body()).contains("expired");
        assertThat(postInit("s1", API, TestTokens.jwt("HS256", "{\"nbf\":" + future + "}")).body()).contains("not yet valid");
        assertThat(postInit("s1", API, TestTokens.part("{}") + "." + TestTokens.part("[]") + ".c2ln").statusCode())
                .isEqualTo(401);
        assertThat(postInit("s1", API, TestTokens.part(" {\"alg\":\"HS256\"}") + "." + TestTokens.part("{}") + ".c2ln")
                .body()).contains("Invalid JWT token format");

        credentialApi.assertIsSatisfied();
    }

    @Test
    void wrongContentTypeAndOversizedBodiesAreRejected() {
        HttpResponse<String> form = send(java.net.http.HttpRequest.newBuilder(gateway("/init"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("session_id=a&apiUrl=b&jwtToken=c")));
        assertThat(form.statusCode()).isEqualTo(415);

        HttpResponse<String> big = postJson("/init", "{\"session_id\":\"" + "a".repeat(17_000) + "\"}");
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(big.body()).contains("\"error_type\":\"PAYLOAD_TOO_LARGE\"");
    }

    @Test
    void wrongMethodIsRejectedWithAllowHeader() {
        HttpResponse<String> response = send(java.net.http.HttpRequest.newBuilder(gateway("/init")).GET());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        assertThat(response.body()).contains("\"error_type\":\"METHOD_NOT_ALLOWED\"");
    }

    @Test
    void callerRequestIdIsKeptAndHeadersAreNotEchoed() {
        HttpResponse<String> response = send(java.net.http.HttpRequest.newBuilder(gateway("/init"))
                .header("Content-Type", "application/json").header("X-Request-Id", "trace-12345678")
                .header("X-Echo-Me", "please")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("trace-12345678");
        assertThat(response.body()).contains("\"request_id\":\"trace-12345678\"");
        assertThat(response.headers().map()).doesNotContainKey("x-echo-me");
    }
}
