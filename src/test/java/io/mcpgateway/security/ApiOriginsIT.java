package io.mcpgateway.security;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgateway.session.SessionRecord;
import io.mcpgateway.testing.CapturedLogs;
import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.TestTokens;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code API_ALLOWED_ORIGINS} naming one credential API (a real one, WireMock), an apiUrl outside it is a 401
 * before any request reaches anything, on every {@code /init} and again in the probe's own HTTP client; one inside
 * it opens a session, and the audit stream names its origin only.
 */
class ApiOriginsIT extends GatewayTestSupport {

    private static final String TOKEN = TestTokens.jwt("alice");

    private final CredentialApiStub api = new CredentialApiStub();
    /** The stub's origin, the only one allowed. */
    private final String allowed = api.apiUrl("");
    private final String port = allowed.substring(allowed.lastIndexOf(':') + 1);

    @Override
    protected Map<String, String> settings() {
        // localhost stays exempt from the SSRF guard: only the origin list can refuse it
        return Map.of("gateway.api.allowed-origins", allowed, "gateway.init.rate-limit-per-minute", "1000");
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    /** Each test starts the context itself, the last one after leaving out the route's own origin check. */
    @Override
    public void configureTest(TestExecutionConfiguration test) {
        super.configureTest(test);
        test.withUseAdviceWith(true);
    }

    @Test
    void anApiUrlOutsideTheListIs401WithNoRequestReachingIt() {
        context.start();
        api.accepts(TOKEN);

        // the same server under another name, scheme or port
        for (String outside : List.of("http://localhost:" + port, "http://LOCALHOST:" + port + "/base",
                "https://127.0.0.1:" + port, "http://127.0.0.1", "http://127.0.0.1:" + (Integer.parseInt(port) + 1))) {
            HttpResponse<String> response = postInit("user_123", outside, TOKEN);
            assertThat(response.statusCode()).as(outside).isEqualTo(401);
            assertThat(response.body()).as(outside).contains("\"error_type\":\"AUTH_ERROR\"",
                    "apiUrl is not allowed: it is not one of the gateway's known credential APIs");
        }
        assertThat(api.requestCount()).isZero();
        assertThat(sessions().size()).isZero();
    }

    @Test
    void anApiUrlInsideTheListOpensASessionAndTheAuditNamesItsOriginOnly() {
        context.start();
        CapturedLogs.clear();
        api.accepts(TOKEN);

        assertThat(postInit("inside_user", allowed, TOKEN).statusCode()).isEqualTo(200);
        assertThat(postInit("inside_user", "http://someone:pw@127.0.0.1:" + port + "/private/path?key=s3cr3t", TOKEN)
                .statusCode()).as("user-info is refused, by form").isEqualTo(401);

        List<JsonNode> lines = await().atMost(Duration.ofSeconds(5)).until(() -> CapturedLogs.auditLines("inside_user"), l -> l.size() == 2);
        assertThat(lines).extracting(line -> line.path("event").asText()).containsExactly("session_opened", "session_rejected");
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.path("api_origin").asText()).isEqualTo("http://127.0.0.1:" + port);
            assertThat(line.toString()).doesNotContain("private", "someone", "s3cr3t");
        });
        assertThat(api.probeCount()).isEqualTo(1);
    }

    @Test
    void aStoredSessionWhoseApiIsNotOnTheListIsNeverReused() {
        context.start();
        // a session stored before the list named its API (a shared store, an older configuration)
        sessions().store(SessionRecord.of(InitRequest.of("old_user", "http://localhost:" + port, TOKEN), "alice",
                "127.0.0.1", TokenTimes.NONE, null));

        HttpResponse<String> reuse = postInit("old_user", "http://localhost:" + port, TOKEN);

        assertThat(reuse.statusCode()).isEqualTo(401);
        assertThat(reuse.body()).contains("not one of the gateway's known credential APIs");
        assertThat(api.requestCount()).isZero();
    }

    @Test
    void theProbeClientRefusesAnOriginOutsideTheListEvenWithoutTheRouteCheck() throws Exception {
        AdviceWith.adviceWith(context, "init-session", route -> route.weaveById("check-api-origin").remove());
        context.start();
        api.accepts(TOKEN);

        HttpResponse<String> response = postInit("user_123", "http://localhost:" + port, TOKEN);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("not one of the gateway's known credential APIs");
        assertThat(api.requestCount()).isZero();
        assertThat(postInit("user_123", allowed, TOKEN).statusCode()).as("the client still reaches the allowed one")
                .isEqualTo(200);
    }
}
