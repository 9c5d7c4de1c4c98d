package io.mcpgateway.config;

import java.io.FileInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.mcpgateway.testing.DefaultSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewaySettingsTest {

    /** The defaults, as application.properties gives them when no environment variable is set. */
    private static Map<String, String> defaults() {
        return DefaultSettings.values();
    }

    @Test
    void defaultsAreValidAndSecureButWarnThatSigningIsOff() {
        GatewaySettings settings = GatewaySettings.load(defaults()::get);

        assertThat(settings.mcpSslVerify()).isTrue();
        assertThat(settings.apiAllowedHosts().patterns()).isEmpty();
        assertThat(settings.apiAllowedOrigins().isEmpty()).isTrue();
        assertThat(settings.warnings()).hasSize(2)
                .anySatisfy(w -> assertThat(w).contains("MCP_SIGNING_SECRET is not set"))
                .anySatisfy(w -> assertThat(w).contains("API_ALLOWED_ORIGINS is not set: ANY public credential API"));
        assertThat(settings.validationTimeout()).hasSeconds(5);
        assertThat(settings.serverIdleTimeout()).hasSeconds(30);
        assertThat(settings.serverRequestReadTimeout()).hasSeconds(10);
    }

    @Test
    void everyKeyAndEnvironmentVariableIsDeclaredInApplicationProperties() throws IOException {
        Properties file = new Properties();
        try (FileInputStream in = new FileInputStream("application.properties")) {
            file.load(in);
        }
        for (GatewaySettings.Key key : GatewaySettings.Key.values()) {
            assertThat(file.getProperty(key.property)).as(key.property).startsWith("{{env:" + key.env + ":");
        }
    }

    @ParameterizedTest
    @CsvSource({
        "camel.server.port, 70000, GATEWAY_PORT",
        "camel.server.maxBodySize, 12, GATEWAY_MAX_BODY_BYTES",
        "gateway.api.validation-timeout-seconds, 0, VALIDATION_TIMEOUT",
        "gateway.api.validation-timeout-seconds, five, VALIDATION_TIMEOUT",
        "gateway.api.allowed-hosts, '*', API_ALLOWED_HOSTS",
        "gateway.api.allowed-hosts, '127.0.0.1,*.com', API_ALLOWED_HOSTS",
        "gateway.api.allowed-hosts, http://api.internal, API_ALLOWED_HOSTS",
        "gateway.api.allowed-origins, '*', API_ALLOWED_ORIGINS",
        "gateway.api.allowed-origins, 'https://api.example.com,https://*.com', API_ALLOWED_ORIGINS",
        "gateway.api.allowed-origins, https://api.example.com/v1, API_ALLOWED_ORIGINS",
        "gateway.api.allowed-origins, https://ops:hunter2@api.example.com, API_ALLOWED_ORIGINS",
        "gateway.session.idle-ttl-seconds, -1, SESSION_IDLE_TTL",
        "gateway.session.max, 0, SESSION_MAX",
        "gateway.init.rate-limit-per-minute, 1.5, INIT_RATE_LIMIT_PER_MINUTE",
        "mcp.server-url, localhost:3000, MCP_SERVER_URL",
        "mcp.server-url, ftp://mcp.example, MCP_SERVER_URL",
        "mcp.ssl-verify, yes, MCP_SSL_VERIFY",
        "mcp.cert-path, /no/such/ca.pem, MCP_CERT_PATH",
        "mcp.connection-timeout-seconds, 0, MCP_CONNECTION_TIMEOUT",
        "mcp.request-timeout-seconds, 99999, MCP_REQUEST_TIMEOUT",
        "mcp.max-request-size-kb, 4096, MCP_MAX_REQUEST_SIZE_KB",
        "mcp.signing-secret, only-31-bytes-of-secret-materia, MCP_SIGNING_SECRET",
        "mcp.require-signing, true, MCP_REQUIRE_SIGNING",
        "mcp.client-cert-path, pom.xml, MCP_CLIENT_CERT_PATH",
        "mcp.client-key-path, pom.xml, MCP_CLIENT_CERT_PATH",
        "mcp.server-url, http://mcp.example.com/mcp, MCP_SERVER_URL",
        "mcp.allow-insecure-http, sometimes, MCP_ALLOW_INSECURE_HTTP",
        "gateway.session.require-bearer, nope, SESSION_REQUIRE_BEARER",
        "mcp.rate-limit-per-minute, 0, MCP_RATE_LIMIT_PER_MINUTE",
        "mcp.max-response-size-kb, huge, MCP_MAX_RESPONSE_SIZE_KB",
        "mcp.circuit-open-seconds, 0, MCP_CIRCUIT_OPEN_SECONDS",
        "mcp.max-retries, 11, MCP_MAX_RETRIES",
        "mcp.forward-user-context, true, MCP_FORWARD_USER_CONTEXT",
        "mcp.max-concurrent-calls, 0, MCP_MAX_CONCURRENT_CALLS",
        "mcp.max-concurrent-calls-per-session, many, MCP_MAX_CONCURRENT_CALLS_PER_SESSION",
        "mcp.max-concurrent-calls-per-principal, 0, MCP_MAX_CONCURRENT_CALLS_PER_PRINCIPAL",
        "camel.server.host, 'gateway host', GATEWAY_HOST",
        "camel.management.host, http://0.0.0.0, MANAGEMENT_HOST",
        "camel.management.port, 70000, MANAGEMENT_PORT",
        "camel.management.port, 8080, MANAGEMENT_PORT",
        "gateway.session.max-lifetime-seconds, 0, SESSION_MAX_LIFETIME",
        "gateway.session.revalidate-seconds, soon, SESSION_REVALIDATE_SECONDS",
        "gateway.session.revalidate-grace-seconds, -5, SESSION_REVALIDATE_GRACE_SECONDS",
        "gateway.session.max-per-principal, 0, SESSION_MAX_PER_PRINCIPAL",
        "gateway.session.max-per-client, half, SESSION_MAX_PER_CLIENT",
        "gateway.api.validation-max-concurrent, 1001, VALIDATION_MAX_CONCURRENT",
        "gateway.http.idle-timeout-seconds, 0, GATEWAY_IDLE_TIMEOUT",
        "gateway.http.request-read-timeout-seconds, 301, GATEWAY_REQUEST_READ_TIMEOUT",
        "gateway.state.store, cache, GATEWAY_STATE",
        "gateway.state.url, http://redis.internal:6379, GATEWAY_STATE_URL",
        "gateway.state.url, redis://:pw-in-a-bad-url@redis.internal/0?tls=1, GATEWAY_STATE_URL",
        "gateway.state.ca-path, /no/such/ca.pem, GATEWAY_STATE_CA_PATH",
        "gateway.state.key, c2hvcnQ=, GATEWAY_STATE_KEY",
        "gateway.state.key-previous, not base64 at all, GATEWAY_STATE_KEY_PREVIOUS",
        "gateway.state.prefix, '{mcpgw}:', GATEWAY_STATE_PREFIX",
        "gateway.state.timeout-ms, 5, GATEWAY_STATE_TIMEOUT_MS",
        "gateway.state.pool-size, 0, GATEWAY_STATE_POOL_SIZE"})
    void eachInvalidSettingIsNamedInOneLine(String key, String value, String env) {
        Map<String, String> values = defaults();
        values.put(key, value);

        assertThatThrownBy(() -> GatewaySettings.load(values::get))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    assertThat(e.problems().get(0)).startsWith("Invalid configuration: " + env + " (")
                            .doesNotContain("\n");
                    if (value.length() > 2) { // a digit or two may occur in the allowed range itself
                        assertThat(e.problems().get(0)).doesNotContain(value);
                    }
                });
    }

    @Test
    void theEffectiveConfigurationListsEverySettingAndOnlySaysWhetherASecretIsSet() {
        Map<String, String> values = defaults();
        values.put("mcp.auth-token", "a-bearer-credential-of-the-gateway");
        values.put("mcp.signing-secret", "0123456789abcdef0123456789abcdef-signing");

        List<String> lines = GatewaySettings.effective(values::get);

        assertThat(lines).hasSize(GatewaySettings.Key.values().length)
                .contains("MCP_AUTH_TOKEN = (set, masked)", "MCP_SIGNING_SECRET = (set, masked)",
                        "MCP_API_KEY = (not set)", "MCP_SERVER_URL = http://localhost:3000/mcp", "MANAGEMENT_PORT = 9876");
        assertThat(String.join("\n", lines)).doesNotContain("a-bearer-credential").doesNotContain("0123456789abcdef");
    }

    @Test
    void plainHttpIsAllowedToLoopbackAndOtherwiseOnlyWithTheLoudSwitch() {
        Map<String, String> values = defaults();
        for (String loopback : new String[] {"http://localhost:3000/mcp", "http://127.0.0.1/mcp", "http://[::1]:9/mcp"}) {
            values.put("mcp.server-url", loopback);
            assertThat(GatewaySettings.load(values::get).mcpServerUrl().toString()).isEqualTo(loopback);
        }
        values.put("mcp.server-url", "http://mcp.example.com/mcp");
        values.put("mcp.allow-insecure-http", "true");
        assertThat(GatewaySettings.load(values::get).warnings()).anyMatch(w -> w.contains("MCP_ALLOW_INSECURE_HTTP=true"));
    }

    @Test
    void anUnsetOriginListSaysInTheEffectiveConfigurationThatAnyApiMayOpenSessions() {
        Map<String, String> values = defaults();
        assertThat(GatewaySettings.effective(values::get))
                .contains("API_ALLOWED_ORIGINS = (not set: ANY public credential API may open sessions)");

        values.put("gateway.api.allowed-origins", "https://api.example.com, https://*.corp.example:8443");
        GatewaySettings settings = GatewaySettings.load(values::get);
        assertThat(settings.apiAllowedOrigins().allows("https", "eu.corp.example", 8443)).isTrue();
        assertThat(settings.warnings()).noneMatch(w -> w.contains("API_ALLOWED_ORIGINS"));
        assertThat(GatewaySettings.effective(values::get))
                .contains("API_ALLOWED_ORIGINS = https://api.example.com, https://*.corp.example:8443");
    }

    @Test
    void thePerPrincipalShareIsAQuarterOfTheTotalUnlessSet() {
        Map<String, String> values = defaults();
        assertThat(GatewaySettings.load(values::get).mcpMaxConcurrentCallsPerPrincipal()).isEqualTo(8);
        assertThat(GatewaySettings.effective(values::get)).contains(
                "MCP_MAX_CONCURRENT_CALLS_PER_PRINCIPAL = (not set: a quarter of MCP_MAX_CONCURRENT_CALLS, at least 1)");

        values.put("mcp.max-concurrent-calls", "3");
        assertThat(GatewaySettings.load(values::get).mcpMaxConcurrentCallsPerPrincipal()).as("at least 1").isEqualTo(1);
        values.put("mcp.max-concurrent-calls-per-principal", "5");
        assertThat(GatewaySettings.load(values::get).mcpMaxConcurrentCallsPerPrincipal()).isEqualTo(5);
    }

    @Test
    void allProblemsAreReportedTogether() {
        Map<String, String> values = defaults();
        values.put("gateway.session.max", "x");
        values.put("mcp.ssl-verify", "maybe");

        assertThatThrownBy(() -> GatewaySettings.load(values::get))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems()).hasSize(2));
    }

    @Test
    void secretsAreNeverPrintedAndTurningTlsVerificationOffWarns() {
        Map<String, String> values = defaults();
        values.put("mcp.api-key", "key-value-123456");
        values.put("mcp.signing-secret", "a-signing-secret-of-at-least-32-bytes");
        values.put("mcp.require-signing", "true");
        values.put("mcp.ssl-verify", "false");
        values.put("gateway.api.allowed-origins", "https://api.example.com");

        GatewaySettings settings = GatewaySettings.load(values::get);

        assertThat(settings.toString()).doesNotContain("key-value-123456").doesNotContain("a-signing-secret");
        assertThat(settings.secrets()).containsExactly("key-value-123456", "a-signing-secret-of-at-least-32-bytes");
        assertThat(settings.warnings()).singleElement().asString().contains("MCP_SSL_VERIFY=false");
    }

    private static final String STATE_KEY = java.util.Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void aRedisStoreNeedsItsUrlAndItsKeyEachNamedInALine() {
        Map<String, String> values = defaults();
        values.put("gateway.state.store", "redis");

        assertThatThrownBy(() -> GatewaySettings.load(values::get))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems()).containsExactly(
                        "Invalid configuration: GATEWAY_STATE (gateway.state.store)=redis needs GATEWAY_STATE_URL"
                                + " (gateway.state.url)",
                        "Invalid configuration: GATEWAY_STATE (gateway.state.store)=redis needs GATEWAY_STATE_KEY"
                                + " (gateway.state.key), base64 of 32 random bytes shared by every replica"));
    }

    @Test
    void aRedisStoreWithUrlAndKeyIsValidAndItsSecretsAreMasked() {
        Map<String, String> values = defaults();
        values.put("gateway.state.store", "redis");
        values.put("gateway.state.url", "redis://gateway:redis-password-123@127.0.0.1:6390/3");
        values.put("gateway.state.key", STATE_KEY);
        values.put("gateway.state.key-previous", java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                    23, 24, 25, 26, 27, 28, 29, 30, 31, 32}));

        GatewaySettings settings = GatewaySettings.load(values::get);

        assertThat(settings.state().shared()).isTrue();
        assertThat(settings.state().endpoint()).isEqualTo(new io.mcpgateway.state.redis.RedisEndpoint("127.0.0.1", 6390, 3,
                "gateway", "redis-password-123", false));
        assertThat(settings.state().timeout()).hasMillis(500);
        assertThat(settings.state().poolSize()).isEqualTo(16);
        assertThat(settings.state().prefix()).isEqualTo("mcpgw:");
        assertThat(settings.warnings()).as("loopback, with a password").hasSize(2);
        assertThat(settings.secrets()).contains("redis-password-123", STATE_KEY, values.get("gateway.state.key-previous"));
        assertThat(settings.toString() + settings.state()).doesNotContain("redis-password-123").doesNotContain(STATE_KEY);
        assertThat(GatewaySettings.effective(values::get)).contains("GATEWAY_STATE = redis",
                "GATEWAY_STATE_URL = redis://***@127.0.0.1:6390/3", "GATEWAY_STATE_KEY = (set, masked)",
                "GATEWAY_STATE_KEY_PREVIOUS = (set, masked)", "GATEWAY_STATE_PREFIX = mcpgw:")
                .noneMatch(line -> line.contains("redis-password-123") || line.contains(STATE_KEY));
    }

    @Test
    void plainRedisToANonLoopbackHostIsAllowedWithALoudWarningAsIsOneWithoutAPassword() {
        Map<String, String> values = defaults();
        values.put("gateway.state.store", "redis");
        values.put("gateway.state.key", STATE_KEY);
        values.put("gateway.state.url", "redis://:pw-123456@redis.internal:6379/0");
        assertThat(GatewaySettings.load(values::get).warnings())
                .anySatisfy(w -> assertThat(w).startsWith("GATEWAY_STATE_URL uses plain redis://").contains("Use rediss://"))
                .noneMatch(w -> w.contains("names no password"));

        values.put("gateway.state.url", "rediss://redis.internal:6380/0");
        assertThat(GatewaySettings.load(values::get).warnings())
                .noneMatch(w -> w.contains("plain redis://"))
                .anySatisfy(w -> assertThat(w).startsWith("GATEWAY_STATE_URL names no password"));
    }

    @Test
    void aCaBundleWithAPlainRedisUrlIsRefused() {
        Map<String, String> values = defaults();
        values.put("gateway.state.url", "redis://127.0.0.1:6379");
        values.put("gateway.state.ca-path", "pom.xml");

        assertThatThrownBy(() -> GatewaySettings.load(values::get))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .singleElement().asString().startsWith("Invalid configuration: GATEWAY_STATE_CA_PATH ("));
    }

    @Test
    void theMemoryStoreIsTheDefaultAndNeedsNothingElse() {
        StateSettings state = GatewaySettings.load(defaults()::get).state();
        assertThat(state.shared()).isFalse();
        assertThat(state.endpoint()).isNull();
        assertThat(state.key()).isEmpty();
    }

    @Test
    void theSessionsOfOneClientAddressAreHalfTheStoreUnlessSet() {
        Map<String, String> values = defaults();
        values.put("gateway.session.max", "501");
        assertThat(GatewaySettings.load(values::get).sessionMaxPerClient()).isEqualTo(250);
        values.put("gateway.session.max-per-client", "5000");
        assertThat(GatewaySettings.load(values::get).sessionMaxPerClient()).isEqualTo(5000);
    }
}
