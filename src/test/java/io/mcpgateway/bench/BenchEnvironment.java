package io.mcpgateway.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import io.mcpgateway.config.GatewaySettings;
import io.mcpgateway.testing.DefaultSettings;
import io.mcpgateway.testing.McpTestServer;
import io.mcpgateway.testing.ModernMcpServer;
import io.mcpgateway.testing.TestCertificates;
import io.mcpgateway.config.UpstreamTls;
import io.mcpgateway.upstream.signing.RequestSigner;
import io.mcpgateway.upstream.signing.SignatureVerifier;

/**
 * Everything on loopback the gateway talks to, made for one run: a certificate authority and a server certificate
 * (made now, {@link TestCertificates}), the gateway's bearer credential and signing secret (random), the fast modern
 * upstream over TLS, a fast credential API, and the load generator's clients. Also the production environment the
 * gateway process gets: TLS verified against the CA, signing required, limits raised so they never refuse the
 * benchmark's traffic (they are still checked on every request).
 */
final class BenchEnvironment implements AutoCloseable {

    /** Nonces the upstream remembers in its replay window: enough for minutes at several thousand calls a second. */
    static final long REMEMBERED_NONCES = 5_000_000;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ENV_PROPERTY_PREFIX = "bench.env.";

    final TestCertificates ca = new TestCertificates("benchmark CA");
    final String upstreamBearer = randomSecret();
    final String signingSecret = randomSecret();
    final Path caPem;
    final ModernMcpServer upstream;
    final LocalCredentialApi credentialApi;
    final Clients clients;
    private McpTestServer legacyUpstream;

    BenchEnvironment(Path directory, int connections) throws Exception {
        caPem = ca.ca().writeCertificate(Files.createDirectories(directory.toAbsolutePath()), "benchmark-ca.pem");
        upstream = new ModernMcpServer("bench-upstream", serverTls(), upstreamBearer, verifier());
        credentialApi = new LocalCredentialApi();
        Map<String, String> properties = DefaultSettings.values();
        properties.put("mcp.server-url", upstream.url());
        properties.put("mcp.cert-path", caPem.toString());
        clients = new Clients(connections, URI.create(upstream.url()), UpstreamTls.strategy(GatewaySettings.load(properties::get)),
                upstreamBearer, new RequestSigner(signingSecret.getBytes(StandardCharsets.UTF_8)));
    }

    private javax.net.ssl.SSLContext serverTls() throws Exception {
        return ca.issue("localhost", "localhost", "127.0.0.1").sslContext(ca);
    }

    private SignatureVerifier verifier() {
        return new SignatureVerifier(signingSecret.getBytes(StandardCharsets.UTF_8), Clock.systemUTC(), REMEMBERED_NONCES);
    }

    /** The legacy-era upstream (the MCP Java SDK, sessions, event-stream answers) behind the same TLS and checks. */
    synchronized McpTestServer legacyUpstream() throws Exception {
        if (legacyUpstream == null) {
            legacyUpstream = new McpTestServer(serverTls(), verifier(), upstreamBearer);
        }
        return legacyUpstream;
    }

    /**
     * The production chain, pointed at the upstream: verified TLS with the run's CA, the gateway's credential, signing
     * required; breaker, validation, audit stream and metrics as shipped. Raised so as never to refuse the
     * benchmark: /init and per-session rates, the concurrency and probe limits (twice the sessions), the session bounds. The /init
     * limit is well above what the machine reaches, but not absurd: Camel's throttle, which enforces it, keeps one object
     * per allowed request of each client address.
     */
    Map<String, String> gatewayEnvironment(String upstreamUrl, int sessions) {
        Map<String, String> env = new HashMap<>();
        env.put("MCP_SERVER_URL", upstreamUrl);
        env.put("MCP_CERT_PATH", caPem.toString());
        env.put("MCP_AUTH_TOKEN", upstreamBearer);
        env.put("MCP_SIGNING_SECRET", signingSecret);
        env.put("MCP_REQUIRE_SIGNING", "true");
        env.put("API_ALLOWED_HOSTS", "127.0.0.1");
        env.put("INIT_RATE_LIMIT_PER_MINUTE", "300000");
        env.put("MCP_RATE_LIMIT_PER_MINUTE", "1000000");
        env.put("MCP_MAX_CONCURRENT_CALLS", String.valueOf(2 * sessions));
        env.put("SESSION_MAX", "1000000");
        // every session of the benchmark comes from one address, and its closed loops open them as fast as they can
        env.put("SESSION_MAX_PER_CLIENT", "1000000");
        env.put("VALIDATION_MAX_CONCURRENT", String.valueOf(2 * sessions));
        // -Dbench.env.NAME=value sets or overrides NAME, e.g. to compare settings
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(ENV_PROPERTY_PREFIX))
                .forEach(name -> env.put(name.substring(ENV_PROPERTY_PREFIX.length()), System.getProperty(name)));
        return env;
    }

    /** 48 random bytes, URL-safe Base64: more than the 32 bytes a signing secret needs. */
    private static String randomSecret() {
        byte[] secret = new byte[48];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    @Override
    public void close() throws Exception {
        clients.close();
        upstream.close();
        credentialApi.close();
        if (legacyUpstream != null) {
            legacyUpstream.close();
        }
    }
}
