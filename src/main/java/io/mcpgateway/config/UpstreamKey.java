package io.mcpgateway.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

import io.mcpgateway.config.GatewaySettings.Key;

/**
 * Every key of an upstream entry in the upstreams file, declared once: its name, what its value must be, and the
 * global setting it falls back to when left out (whose range it shares). docs/configuration.md is checked against
 * this declaration by UpstreamsFileReferenceTest.
 */
public enum UpstreamKey {
    NAME("name", Kind.NAME, null, null),
    URL("url", Kind.URL, null, null),
    AUTH_TOKEN_ENV("auth-token-env", Kind.ENV, null, null),
    API_KEY_ENV("api-key-env", Kind.ENV, null, null),
    SIGNING_SECRET_ENV("signing-secret-env", Kind.ENV, null, null),
    REQUIRE_SIGNING("require-signing", Kind.BOOLEAN, Key.MCP_REQUIRE_SIGNING, GatewaySettings::mcpRequireSigning),
    SSL_VERIFY("ssl-verify", Kind.BOOLEAN, Key.MCP_SSL_VERIFY, GatewaySettings::mcpSslVerify),
    CA_PATH("ca-path", Kind.FILE, Key.MCP_CERT_PATH, GatewaySettings::mcpCertPath),
    CLIENT_CERT_PATH("client-cert-path", Kind.FILE, Key.MCP_CLIENT_CERT_PATH, GatewaySettings::mcpClientCertPath),
    CLIENT_KEY_PATH("client-key-path", Kind.FILE, Key.MCP_CLIENT_KEY_PATH, GatewaySettings::mcpClientKeyPath),
    CONNECTION_TIMEOUT("connection-timeout-seconds", Kind.SECONDS, Key.MCP_CONNECTION_TIMEOUT,
            GatewaySettings::mcpConnectionTimeout),
    REQUEST_TIMEOUT("request-timeout-seconds", Kind.SECONDS, Key.MCP_REQUEST_TIMEOUT,
            GatewaySettings::mcpRequestTimeout),
    MAX_RETRIES("max-retries", Kind.NUMBER, Key.MCP_MAX_RETRIES, GatewaySettings::mcpMaxRetries),
    CIRCUIT_OPEN("circuit-open-seconds", Kind.SECONDS, Key.MCP_CIRCUIT_OPEN, GatewaySettings::mcpCircuitOpen),
    MAX_CONCURRENT_CALLS("max-concurrent-calls", Kind.NUMBER, Key.MCP_MAX_CONCURRENT_CALLS,
            GatewaySettings::mcpMaxConcurrentCalls),
    MAX_REQUEST_SIZE_KB("max-request-size-kb", Kind.NUMBER, Key.MCP_MAX_REQUEST_SIZE_KB,
            GatewaySettings::mcpMaxRequestSizeKb),
    MAX_RESPONSE_SIZE_KB("max-response-size-kb", Kind.NUMBER, Key.MCP_MAX_RESPONSE_SIZE_KB,
            GatewaySettings::mcpMaxResponseSizeKb),
    FORWARD_USER_CONTEXT("forward-user-context", Kind.BOOLEAN, Key.MCP_FORWARD_USER_CONTEXT,
            GatewaySettings::mcpForwardUserContext),
    ALLOW_INSECURE_HTTP("allow-insecure-http", Kind.BOOLEAN, Key.MCP_ALLOW_INSECURE_HTTP,
            GatewaySettings::mcpAllowInsecureHttp),
    REQUIRED("required", Kind.BOOLEAN, null, settings -> false),
    TOOLS("tools", Kind.TOOLS, null, null);

    /** What a value must be. */
    enum Kind {
        /** [a-z0-9-]{1,16}. */
        NAME,
        /** An absolute http or https URL without user-info. */
        URL,
        /** The name of an environment variable that holds a secret. */
        ENV,
        BOOLEAN,
        /** A readable file. */
        FILE,
        /** A whole number within the fallback's range. */
        NUMBER,
        /** A whole number of seconds within the fallback's range. */
        SECONDS,
        /** {allow: [globs], deny: [globs]}. */
        TOOLS
    }

    public final String key;
    final Kind kind;
    /** The global setting whose value applies when the key is left out, and whose range applies; null for none. */
    public final Key fallback;
    /** The value when the key is left out, from the loaded settings; null when the key has no default. */
    final Function<GatewaySettings, Object> defaultValue;

    UpstreamKey(String key, Kind kind, Key fallback, Function<GatewaySettings, Object> defaultValue) {
        this.key = key;
        this.kind = kind;
        this.fallback = fallback;
        this.defaultValue = defaultValue;
    }

    static Optional<UpstreamKey> named(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }

    @Override
    public String toString() {
        return key;
    }
}
