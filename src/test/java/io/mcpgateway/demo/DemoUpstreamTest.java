package io.mcpgateway.demo;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.mcpgateway.upstream.signing.RequestSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo upstream, on its real Jetty server, answers only what the gateway sends: its bearer, correctly signed. */
class DemoUpstreamTest {

    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",
             "capabilities":{},"clientInfo":{"name":"demo-upstream-test","version":"1"}}}""";

    private static DemoUpstream upstream;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        upstream = new DemoUpstream();
    }

    @AfterAll
    static void stop() throws Exception {
        upstream.close();
    }

    private HttpRequest.Builder initialize(String body) {
        return HttpRequest.newBuilder(upstream.mcpUrl()).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpRequest.Builder signed(HttpRequest.Builder request, String secret, String body) {
        new RequestSigner(secret.getBytes(StandardCharsets.UTF_8))
                .sign("POST", DemoMcpServer.PATH, body.getBytes(StandardCharsets.UTF_8), Map.of())
                .forEach(request::header);
        return request;
    }

    private int status(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void theGatewaysSignedRequestWithItsBearerIsAnswered() throws Exception {
        HttpRequest.Builder request = signed(initialize(INITIALIZE), upstream.signingSecret(), INITIALIZE)
                .header("Authorization", "Bearer " + upstream.bearer());

        assertThat(status(request)).isEqualTo(200);
    }

    @Test
    void aRequestWithoutTheBearerIsRefused() throws Exception {
        assertThat(status(signed(initialize(INITIALIZE), upstream.signingSecret(), INITIALIZE))).isEqualTo(401);
    }

    @Test
    void aRequestWithAnotherBearerIsRefused() throws Exception {
        HttpRequest.Builder request = signed(initialize(INITIALIZE), upstream.signingSecret(), INITIALIZE)
                .header("Authorization", "Bearer " + DemoCredentialApi.DEMO_TOKEN);

        assertThat(status(request)).isEqualTo(401);
    }

    @Test
    void anUnsignedRequestIsRefused() throws Exception {
        assertThat(status(initialize(INITIALIZE).header("Authorization", "Bearer " + upstream.bearer()))).isEqualTo(401);
    }

    @Test
    void aRequestSignedWithAnotherSecretIsRefused() throws Exception {
        HttpRequest.Builder request = signed(initialize(INITIALIZE), "another-secret-of-at-least-32-bytes-0123456789",
                INITIALIZE).header("Authorization", "Bearer " + upstream.bearer());

        assertThat(status(request)).isEqualTo(401);
    }

    @Test
    void aBodyChangedAfterSigningIsRefused() throws Exception {
        String changed = INITIALIZE.replace("demo-upstream-test", "someone-else");
        HttpRequest.Builder request = signed(initialize(changed), upstream.signingSecret(), INITIALIZE)
                .header("Authorization", "Bearer " + upstream.bearer());

        assertThat(status(request)).isEqualTo(401);
    }

    @Test
    void theSecretsAreRandomForEachRunAndLongEnoughToSignWith() throws Exception {
        try (DemoUpstream another = new DemoUpstream()) {
            assertThat(another.bearer()).isNotEqualTo(upstream.bearer());
            assertThat(another.signingSecret()).isNotEqualTo(upstream.signingSecret()).hasSizeGreaterThanOrEqualTo(32);
            assertThat(another.mcpUrl().getHost()).isEqualTo("127.0.0.1");
        }
    }
}
