package io.mcpgateway.demo;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import io.mcpgateway.logging.LogSanitizer;
import io.mcpgateway.upstream.signing.RequestSignature;
import io.mcpgateway.upstream.signing.SignatureVerifier;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's upstream: the {@link DemoMcpServer} on a loopback port the system assigns, trusting only the gateway, as
 * a production MCP server would: every request must carry the gateway's bearer credential and a valid v1 signature
 * (else 401). Both secrets are random, made for this run, never shown, and masked in every log line.
 */
public final class DemoUpstream implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoUpstream.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String bearer = randomSecret();
    private final String signingSecret = randomSecret();
    private final DemoMcpServer server;

    public DemoUpstream() throws Exception {
        LogSanitizer.registerSecret(bearer);
        LogSanitizer.registerSecret(signingSecret);
        server = new DemoMcpServer(ServerConnector::new, 0, new VerifyGatewayRequests(bearer,
                new SignatureVerifier(signingSecret.getBytes(StandardCharsets.UTF_8)),
                refusal -> LOG.warn("[DEMO] MCP server refused a request: {}", refusal)));
    }

    public URI mcpUrl() {
        return URI.create("http://127.0.0.1:" + server.port() + DemoMcpServer.PATH);
    }

    /** The credential the gateway presents ({@code MCP_AUTH_TOKEN}). */
    public String bearer() {
        return bearer;
    }

    /** The secret the gateway signs with ({@code MCP_SIGNING_SECRET}). */
    public String signingSecret() {
        return signingSecret;
    }

    /** 48 random bytes, URL-safe Base64 (64 characters): more than the 32 bytes a signing secret needs. */
    private static String randomSecret() {
        byte[] secret = new byte[RequestSignature.MIN_SECRET_BYTES + 16];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
