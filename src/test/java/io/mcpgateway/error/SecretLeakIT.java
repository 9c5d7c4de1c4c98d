package io.mcpgateway.error;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.http.Fault;
import io.mcpgateway.testing.CapturedLogs;
import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plants a distinctive token, API key and URL, drives every error path of the gateway with them, and checks that none
 * of them appears in any response body, response header or log line.
 */
class SecretLeakIT extends GatewayTestSupport {

    private static final String TOKEN = TestTokens.jwt("HS256",
            "{\"sub\":\"alice\",\"leak\":\"PLANTED-TOKEN-CLAIM\",\"exp\":" + (Instant.now().getEpochSecond() + 3600) + "}");
    private static final String EXPIRED_TOKEN = TestTokens.jwt("HS256",
            "{\"sub\":\"alice\",\"leak\":\"PLANTED-EXPIRED\",\"exp\":1000}");
    private static final String API_KEY = "PLANTED-API-KEY-4b2c8d9e";
    private static final String AUTH_TOKEN = "PLANTED-AUTH-TOKEN-77aa01";
    private static final String SIGNING_SECRET = "PLANTED-SIGNING-SECRET-0123456789abcdef";
    private static final List<String> PLANTED = List.of(TOKEN, EXPIRED_TOKEN, API_KEY, AUTH_TOKEN, SIGNING_SECRET,
            "PLANTED-PATH", "PLANTED-QUERY", "PLANTED-PASSWORD", "planted-host");

    private final CredentialApiStub api = new CredentialApiStub();
    private final List<String> seen = new ArrayList<>();

    @Override
    protected Map<String, String> settings() {
        return Map.of("mcp.api-key", API_KEY, "mcp.auth-token", AUTH_TOKEN, "mcp.signing-secret", SIGNING_SECRET,
                "gateway.api.validation-timeout-seconds", "1", "gateway.init.rate-limit-per-minute", "40");
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void noErrorPathRevealsASecret() {
        // no clearing: the start-up lines (settings summary included) are checked too
        String apiUrl = api.apiUrl("") + "?apikey=PLANTED-QUERY";
        String body = "{\"session_id\":\"user_1\",\"apiUrl\":\"" + apiUrl + "\",\"jwtToken\":\"" + TOKEN + "\"}";

        // input errors
        record(postJson("/init", "{\"session_id\":\"user_1\",\"jwtToken\":\"" + TOKEN + "\"}"));
        record(postJson("/init", body.substring(0, body.length() - 2)));
        record(postInit("bad id!", apiUrl, TOKEN));
        record(postInit("user_1", "ftp://planted-host/PLANTED-PATH?x=PLANTED-QUERY", TOKEN));
        record(postInit("user_1", "http://admin:PLANTED-PASSWORD@planted-host/", TOKEN));
        record(postInit("user_1", apiUrl, EXPIRED_TOKEN));
        record(postJson("/init", "{\"session_id\":\"" + "x".repeat(17_000) + "\",\"jwtToken\":\"" + TOKEN + "\"}"));
        record(send(HttpRequest.newBuilder(gateway("/init")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(body))));
        record(send(HttpRequest.newBuilder(gateway("/init")).header("Authorization", "Bearer " + TOKEN).GET()));
        record(send(HttpRequest.newBuilder(gateway("/nowhere?token=" + TOKEN)).GET()));

        // credential API failures
        api.answers(403, "{\"error\":\"" + TOKEN + "\"}");
        record(postInit("user_1", apiUrl, TOKEN));
        record(postInit("user_1", api.apiUrl("/PLANTED-PATH") + "?apikey=PLANTED-QUERY", TOKEN));
        api.answers(500, "PLANTED-PATH " + TOKEN);
        record(postInit("user_1", apiUrl, TOKEN));
        api.fails(Fault.CONNECTION_RESET_BY_PEER);
        record(postInit("user_1", apiUrl, TOKEN));
        api.fails(Fault.EMPTY_RESPONSE);
        record(postInit("user_1", apiUrl, TOKEN));
        api.fails(Fault.RANDOM_DATA_THEN_CLOSE);
        record(postInit("user_1", apiUrl, TOKEN));
        api.answersSlowly(3_000);
        record(postInit("user_1", apiUrl, TOKEN));
        record(postInit("user_1", "http://127.0.0.1:" + freePort() + "/PLANTED-PATH?apikey=PLANTED-QUERY", TOKEN));
        record(postInit("user_1", "https://planted-host.invalid/PLANTED-PATH?apikey=PLANTED-QUERY", TOKEN));

        // session errors
        api.reset();
        api.accepts(TOKEN);
        assertThat(postInit("user_1", apiUrl, TOKEN).statusCode()).isEqualTo(200);
        String mallory = TestTokens.jwt("mallory");
        api.accepts(mallory);
        record(postInit("user_1", apiUrl, mallory));
        record(deleteSession("user_1", EXPIRED_TOKEN));
        record(deleteSession("nobody", TOKEN));

        // the tool path: authenticated, signed calls to a real MCP server, and their errors
        String session = "{\"session_id\":\"user_1\"";
        assertThat(postAs(TOKEN, "/tools/list", session + "}").statusCode()).isEqualTo(200);
        assertThat(postAs(TOKEN, "/tools/call", session + ",\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}")
                .statusCode()).isEqualTo(200);
        record(postAs(EXPIRED_TOKEN, "/tools/call",
                session + ",\"name\":\"echo\",\"arguments\":{\"text\":\"" + TOKEN + "\"}}"));
        record(postAs(TOKEN, "/tools/call", session + ",\"name\":\"nope\",\"arguments\":{\"k\":\"" + TOKEN + "\"}}"));
        record(postAs(TOKEN, "/tools/call", session + ",\"name\":\"add\",\"arguments\":{\"a\":\"" + TOKEN + "\"}}"));
        record(postAs(TOKEN, "/tools/call", session + ",\"name\":\"bad name " + TOKEN + "\"}"));
        record(postAs(TOKEN, "/tools/list", "{\"session_id\":\"nobody\"}"));

        // rate limit
        HttpResponse<String> limited;
        int attempts = 0;
        do {
            limited = postInit("user_1", apiUrl, TOKEN);
            attempts++;
        } while (limited.statusCode() != 429 && attempts < 50);
        record(limited);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("60");

        String logs = CapturedLogs.textOutsideApiOrigins();
        assertThat(logs).as("the log capture works").contains("[GATEWAY] init-session rejected");
        assertThat(seen).hasSizeGreaterThan(20);
        for (String secret : PLANTED) {
            assertThat(logs).as("logs").doesNotContain(secret);
            assertThat(seen).as("responses").noneMatch(r -> r.contains(secret));
        }
    }

    private void record(HttpResponse<String> response) {
        seen.add(response.statusCode() + " " + response.headers().map() + " " + response.body());
        assertThat(response.statusCode()).as(response.body()).isBetween(400, 599);
        if (response.statusCode() != 404 || !response.body().contains("NOT_FOUND")) {
            assertThat(response.body()).startsWith("{\"status\":\"error\",\"error_type\":");
        }
    }
}
