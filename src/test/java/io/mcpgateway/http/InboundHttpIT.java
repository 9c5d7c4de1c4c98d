package io.mcpgateway.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpgateway.testing.CapturedLogs;
import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.TestTokens;
import io.mcpgateway.testing.hostile.RawHttp;
import io.mcpgateway.testing.hostile.RawResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP servers themselves, over raw sockets: a request whose framing is ambiguous ends its connection, so that a
 * request smuggled behind it never runs (on both servers), while plain chunked requests keep working; and the start-up
 * log names where the servers really listen.
 */
class InboundHttpIT extends GatewayTestSupport {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CredentialApiStub api = new CredentialApiStub();
    private final String token = TestTokens.jwt("framing-user");

    @Override
    protected Map<String, String> settings() {
        // a port of its own: with both on 0, Camel serves the management endpoints on the gateway's server
        return Map.of("camel.management.port", String.valueOf(freePort()));
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void anAmbiguouslyFramedRequestIsRefusedAndNothingBehindItOnTheConnectionRuns() throws IOException {
        api.accepts(token);
        String body = "{\"session_id\":\"framing\"}";
        String chunked = Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
        Map<String, String> framings = Map.of(
                "Content-Length and chunked", "Content-Length: " + chunked.length() + "\r\nTransfer-Encoding: chunked",
                "chunked and then Content-Length", "Transfer-Encoding: chunked\r\nContent-Length: 3",
                "gzip, chunked", "Transfer-Encoding: gzip, chunked",
                "chunked, identity", "Transfer-Encoding: chunked, identity",
                "chunked named twice", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked",
                "CHUNKED", "Transfer-Encoding: CHUNKED",
                "identity (no body, so the next request starts at once)", "Transfer-Encoding: identity");
        for (Map.Entry<String, String> framing : framings.entrySet()) {
            String sessionId = "framing-" + Integer.toHexString(framing.getKey().hashCode());
            assertThat(postInit(sessionId, api.apiUrl(""), token).statusCode()).isEqualTo(200);
            String ambiguous = "POST /tools/list HTTP/1.1\r\nHost: gateway.test\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + token + "\r\n" + framing.getValue() + "\r\n\r\n"
                    + (framing.getKey().startsWith("identity") ? "" : chunked);

            List<RawResponse> answers = RawHttp.conversation(gatewayPort(),
                    bytes(ambiguous + closeSession(sessionId)), TIMEOUT);

            assertThat(answers).as(framing.getKey() + ": one answer, then the connection is closed").hasSize(1);
            assertRefusedAsAmbiguous(answers.get(0), framing.getKey());
            assertThat(sessions().peek(sessionId)).as(framing.getKey() + ": the smuggled DELETE never ran").isPresent();
        }
    }

    @Test
    void theManagementServerAlsoClosesTheConnectionOfAnAmbiguousRequest() throws IOException {
        String health = "GET /observe/health HTTP/1.1\r\nHost: gateway.test\r\n";
        String ambiguous = health + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n";

        assertThat(managementPort()).as("a server of its own").isNotEqualTo(gatewayPort());
        List<RawResponse> answers = RawHttp.conversation(managementPort(),
                bytes(ambiguous + health + "Connection: close\r\n\r\n"), TIMEOUT);

        assertThat(answers).as("one answer, then the connection is closed").hasSize(1);
        assertRefusedAsAmbiguous(answers.get(0), "management");
    }

    @Test
    void plainChunkedRequestsStillWorkOnAKeptAliveConnection() throws IOException {
        api.accepts(token);
        assertThat(postInit("framing-chunked", api.apiUrl(""), token).statusCode()).isEqualTo(200);
        String body = "{\"session_id\":\"framing-chunked\"}";
        String list = "POST /tools/list HTTP/1.1\r\nHost: gateway.test\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + token + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";

        List<RawResponse> answers = RawHttp.conversation(gatewayPort(), bytes(list + closeSession("framing-chunked")),
                TIMEOUT);

        assertThat(answers).extracting(RawResponse::status).containsExactly(200, 204);
    }

    @Test
    void theStartUpLogNamesTheAddressAndPortsReallyBound() {
        String logs = CapturedLogs.text();

        assertThat(logs).contains("[GATEWAY] The HTTP server listens on http://127.0.0.1:" + gatewayPort())
                .contains("[GATEWAY] The management server listens on http://127.0.0.1:" + managementPort())
                .doesNotContain("0.0.0.0:" + gatewayPort() + "/").doesNotContain("0.0.0.0:" + managementPort() + "/");
    }

    private String closeSession(String sessionId) {
        return "DELETE /sessions/" + sessionId + " HTTP/1.1\r\nHost: gateway.test\r\nAuthorization: Bearer " + token
                + "\r\nConnection: close\r\n\r\n";
    }

    private static void assertRefusedAsAmbiguous(RawResponse answer, String label) throws IOException {
        assertThat(answer.status()).as(label).isEqualTo(400);
        assertThat(answer.header("Connection")).as(label).hasValue("close");
        JsonNode error = JSON.readTree(answer.bodyText());
        assertThat(error.path("error_type").asText()).as(label).isEqualTo("VALIDATION_ERROR");
        assertThat(error.path("request_id").asText()).as(label).isEqualTo(answer.header("X-Request-Id").orElseThrow());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
