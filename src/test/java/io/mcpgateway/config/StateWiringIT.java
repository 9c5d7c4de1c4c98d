package io.mcpgateway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import io.mcpgateway.session.InMemorySessionStore;
import io.mcpgateway.session.RedisSessionStore;
import io.mcpgateway.state.InMemoryConcurrencyLeases;
import io.mcpgateway.state.InMemoryRateWindows;
import io.mcpgateway.state.SingleFlights;
import io.mcpgateway.state.StateHealth;
import io.mcpgateway.state.StateUnavailable;
import io.mcpgateway.state.redis.RedisConcurrencyLeases;
import io.mcpgateway.state.redis.RedisRateWindows;
import io.mcpgateway.state.redis.RedisState;
import io.mcpgateway.testing.DefaultSettings;
import io.mcpgateway.testing.RedisTestServer;
import io.mcpgateway.testing.TestCertificates;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The state the settings choose, built as the gateway builds it, against a real Redis listening for TLS with a
 * certificate of a private CA (for the name {@code localhost} only).
 */
class StateWiringIT {

    @TempDir
    static Path files;
    private static Path caBundle;
    private static RedisTestServer redis;

    @BeforeAll
    static void startRedisWithTls() {
        TestCertificates authority = new TestCertificates("state-ca");
        TestCertificates.Issued server = authority.issue("localhost", "localhost");
        caBundle = authority.ca().writeCertificate(files, "ca.pem");
        redis = RedisTestServer.withTls(new RedisTestServer.Tls(server.writeCertificate(files, "redis.pem"),
                server.writeKey(files, "redis.key"), caBundle));
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private static GatewaySettings settings(Map<String, String> state) {
        Map<String, String> values = DefaultSettings.values();
        values.put("gateway.state.key", Base64.getEncoder().encodeToString(new byte[32]));
        values.putAll(state);
        return GatewaySettings.load(values::get);
    }

    @Test
    void theMemoryStoreIsTodaysClassesAndNoClient() throws IOException {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            StateWiring.State limits = StateWiring.configure(context, settings(Map.of()));

            assertThat(limits.toolRequests()).isInstanceOf(InMemoryRateWindows.class);
            assertThat(limits.inits()).isInstanceOf(InMemoryRateWindows.class);
            assertThat(limits.sessionCalls()).isInstanceOf(InMemoryConcurrencyLeases.class);
            assertThat(limits.principalCalls()).isInstanceOf(InMemoryConcurrencyLeases.class);
            assertThat(limits.sessions()).isInstanceOf(InMemorySessionStore.class);
            assertThat(limits.initProbes()).isSameAs(SingleFlights.LOCAL);
            assertThat(context.getRegistry().lookupByName(StateWiring.SHARED_STATE)).isNull();
        }
    }

    @Test
    void aRedissUrlIsTrustedThroughTheCaBundleAndTheClientIsClosedWithTheContext() throws IOException {
        DefaultCamelContext context = new DefaultCamelContext();
        context.start();
        StateWiring.State limits = StateWiring.configure(context, settings(Map.of("gateway.state.store", "redis",
                "gateway.state.url", redis.tlsUrl("localhost"), "gateway.state.ca-path", caBundle.toString())));

        assertThat(limits.toolRequests()).isInstanceOf(RedisRateWindows.class);
        assertThat(limits.sessions()).isInstanceOf(RedisSessionStore.class);
        assertThat(limits.principalCalls()).isInstanceOf(RedisConcurrencyLeases.class);
        assertThat(limits.toolRequests().tryAcquire("session-over-tls")).isTrue();
        assertThat(limits.sessionCalls().tryTake("session-over-tls", java.time.Duration.ofSeconds(5))).isPresent();
        RedisState state = context.getRegistry().lookupByNameAndType(StateWiring.SHARED_STATE, RedisState.class);
        assertThat(state.health().up()).isTrue();

        context.close();
        assertThat(state.health().up()).as("closed with the context").isFalse();
    }

    @Test
    void aCertificateThatDoesNotNameTheHostIsRefused() throws IOException {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            // the certificate names localhost, not the address
            StateWiring.State limits = StateWiring.configure(context, settings(Map.of("gateway.state.store", "redis",
                    "gateway.state.url", redis.tlsUrl("127.0.0.1"), "gateway.state.ca-path", caBundle.toString())));
            assertThatThrownBy(() -> limits.toolRequests().tryAcquire("s")).isInstanceOf(StateUnavailable.class);
            assertThat(context.getRegistry().lookupByNameAndType(StateWiring.SHARED_STATE, RedisState.class).health())
                    .isEqualTo(StateHealth.down(
                            "TLS with Redis failed (its certificate is not trusted, or not for its host name)"));
        }
    }

    @Test
    void withoutTheCaBundleThePrivateCaIsNotTrusted() throws IOException {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            StateWiring.State limits = StateWiring.configure(context, settings(Map.of("gateway.state.store", "redis",
                    "gateway.state.url", redis.tlsUrl("localhost"))));
            assertThatThrownBy(() -> limits.toolRequests().tryAcquire("s")).isInstanceOf(StateUnavailable.class);
            assertThat(context.getRegistry().lookupByNameAndType(StateWiring.SHARED_STATE, RedisState.class).health())
                    .isEqualTo(StateHealth.down(
                            "TLS with Redis failed (its certificate is not trusted, or not for its host name)"));
        }
    }

    @Test
    void aCaBundleWithoutCertificatesStopsTheStartNamingTheSetting() throws IOException {
        Path notPem = Files.writeString(files.resolve("not-a-bundle.pem"), "no certificate here");
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            GatewaySettings settings = settings(Map.of("gateway.state.store", "redis",
                    "gateway.state.url", redis.tlsUrl("localhost"), "gateway.state.ca-path", notPem.toString()));
            assertThatThrownBy(() -> StateWiring.configure(context, settings))
                    .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                            .containsExactly("Invalid configuration: GATEWAY_STATE_CA_PATH (gateway.state.ca-path) must"
                                    + " contain PEM certificates"));
        }
    }
}
