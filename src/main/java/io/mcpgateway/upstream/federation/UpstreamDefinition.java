package io.mcpgateway.upstream.federation;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One upstream MCP server as the upstreams file declares it, with every setting it leaves out taken from the global
 * one. Secrets are held only as the names of the environment variables that carry them, so this value can be logged
 * and compared without revealing one.
 *
 * @param authTokenEnv     the variable with the bearer credential, or null for none
 * @param apiKeyEnv        the variable with the API key (X-API-Key), or null for none; the bearer wins
 * @param signingSecretEnv the variable with the HMAC signing secret, or null: this upstream's requests are not signed
 * @param caPath           the PEM CA bundle to trust, or null for the JVM trust store
 * @param clientCertPath   the client certificate chain for mutual TLS, or null (then clientKeyPath is null too)
 * @param required         readiness is DOWN while this upstream cannot serve
 */
public record UpstreamDefinition(
        String name,
        URI url,
        String authTokenEnv,
        String apiKeyEnv,
        String signingSecretEnv,
        boolean requireSigning,
        boolean sslVerify,
        Path caPath,
        Path clientCertPath,
        Path clientKeyPath,
        Duration connectionTimeout,
        Duration requestTimeout,
        int maxRetries,
        Duration circuitOpen,
        int maxConcurrentCalls,
        int maxRequestSizeKb,
        int maxResponseSizeKb,
        boolean forwardUserContext,
        boolean allowInsecureHttp,
        boolean required,
        ToolFilter tools) {
}
