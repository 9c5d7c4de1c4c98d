package io.mcpgateway.endpoint.auth;

import java.net.ServerSocket;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import com.github.tomakehurst.wiremock.http.Fault;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static io.mcpgateway.endpoint.auth.JwksFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The authorization server's keys: fetched once and cached, refetched for a key the cache does not know (rotation),
 * refetched at a bounded rate, served from the last set during an outage, and never guessed: keys that cannot be had
 * fail the request closed.
 */
class LocalJwtVerifierKeysTest {

    private static final String UNAVAILABLE = "The token issuer's signing keys cannot be fetched now";

    private final JwksFixture server = new JwksFixture();
    private LocalJwtVerifier verifier = new LocalJwtVerifier(server.settings(), Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void stop() {
        verifier.close();
        server.close();
    }

    private String verify(String token) {
        return verifier.verify(BearerToken.from(List.of("Bearer " + token), null, null, null).orElseThrow()).subject();
    }

    private static String tokenOf(RSAKey key) {
        return JwksFixture.sign(key, JWSAlgorithm.RS256, JwksFixture.validClaims().build());
    }

    private void unavailable(String token) {
        assertThatThrownBy(() -> verify(token)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.type()).isEqualTo(ErrorType.API_UNAVAILABLE);
            assertThat(e.getMessage()).isEqualTo(UNAVAILABLE).doesNotContain("127.0.0.1");
            assertThat(e.retryAfterSeconds()).as("the rate limit's interval").isEqualTo(30);
        });
    }

    @Test
    void fetchesTheKeySetOnceForManyTokens() {
        server.publish(server.rsa, server.ec);

        for (int i = 0; i < 5; i++) {
            assertThat(verify(tokenOf(server.rsa))).isEqualTo("alice");
        }
        assertThat(verify(JwksFixture.sign(server.ec, JWSAlgorithm.ES256, JwksFixture.validClaims().build()))).isEqualTo("alice");
        assertThat(server.fetches()).isEqualTo(1);
    }

    @Test
    void aTokenSignedWithANewKeyRefetchesTheSetAndVerifies() {
        server.publish(server.rsa);
        assertThat(verify(tokenOf(server.rsa))).isEqualTo("alice");

        RSAKey rotated = JwksFixture.rsaKey("rsa-2");
        server.publish(server.rsa, rotated);

        assertThat(verify(tokenOf(rotated))).isEqualTo("alice");
        assertThat(server.fetches()).isEqualTo(2);
        assertThat(verify(tokenOf(rotated))).as("now cached").isEqualTo("alice");
        assertThat(server.fetches()).isEqualTo(2);
    }

    @Test
    void anUnknownKidIsRefusedAfterOneRefetch() {
        server.publish(server.rsa);
        verify(tokenOf(server.rsa));

        assertThatThrownBy(() -> verify(tokenOf(JwksFixture.rsaKey("nobody")))).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.type()).isEqualTo(ErrorType.AUTH_ERROR));
        assertThat(server.fetches()).isEqualTo(2);
    }

    @Test
    void madeUpKidsCannotMakeTheGatewayHammerTheAuthorizationServer() {
        server.publish(server.rsa);
        verify(tokenOf(server.rsa));

        assertThatThrownBy(() -> verify(tokenOf(JwksFixture.rsaKey("made-up")))).as("the refetch found no such key")
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.AUTH_ERROR));
        for (int i = 0; i < 10; i++) {
            // a kid that may have been rotated in, but the gateway may not ask again yet
            unavailable(tokenOf(JwksFixture.rsaKey("made-up-" + i)));
        }
        assertThat(server.fetches()).as("two fetches per 30 s at most").isEqualTo(2);
        assertThat(verify(tokenOf(server.rsa))).as("known keys still verify from the cache").isEqualTo("alice");
    }

    @Test
    void aKeySetEndpointThatAnswersAnErrorFailsClosed() {
        server.answerStatus(503);
        unavailable(tokenOf(server.rsa));
    }

    @Test
    void aKeySetEndpointThatDropsTheConnectionFailsClosed() {
        server.answer(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        unavailable(tokenOf(server.rsa));
    }

    @Test
    void aKeySetEndpointNobodyListensOnFailsClosed() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        verifier.close();
        verifier = new LocalJwtVerifier(new LocalJwtVerifier.Settings("http://127.0.0.1:" + closedPort + "/jwks",
                JwksFixture.ISSUER, JwksFixture.AUDIENCE), Clock.fixed(NOW, ZoneOffset.UTC));

        unavailable(tokenOf(server.rsa));
    }

    @Test
    void aKeySetLargerThanTheLimitIsNotRead() {
        String padding = "x".repeat(70 * 1024);
        server.answer(okJson("{\"keys\":[" + server.rsa.toPublicJWK().toJSONString() + "],\"padding\":\"" + padding + "\"}"));

        unavailable(tokenOf(server.rsa));
    }

    @Test
    void aKeySetThatIsNotOneFailsClosed() {
        server.answer(okJson("{\"not\":\"keys\"}"));
        unavailable(tokenOf(server.rsa));
    }

    @Test
    void aRedirectIsNotFollowed() {
        server.answer(aResponse().withStatus(302).withHeader("Location", server.jwksUrl().replace("/jwks.json", "/elsewhere")));

        unavailable(tokenOf(server.rsa));
        assertThat(server.fetches()).isEqualTo(1);
    }

    @Test
    void duringAnOutageTheLastKeySetKeepsServing() throws InterruptedException {
        verifier.close();
        // a short-lived cache so that the outage is met within the test
        RemoteJwks.Policy policy = new RemoteJwks.Policy(1_000, 1_000, 64 * 1024, 300, 50, 100, 100, 60_000);
        verifier = new LocalJwtVerifier(server.settings(), Clock.fixed(NOW, ZoneOffset.UTC), policy);
        server.publish(server.rsa);
        verify(tokenOf(server.rsa));

        server.answerStatus(500);
        Thread.sleep(400); // past the cache's 300 ms: the next token needs a fetch, which fails

        assertThat(verify(tokenOf(server.rsa))).isEqualTo("alice");
        assertThat(server.fetches()).as("the expired cache was refreshed, and the refresh failed").isGreaterThanOrEqualTo(2);
    }
}
