package io.mcpgateway.upstream;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.McpTestServer;
import io.mcpgateway.testing.TestCertificates;
import io.mcpgateway.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway refuses an upstream whose certificate it cannot trust (other CA, wrong host, expired): /init fails
 * with a sanitized catalog answer, nothing is stored, and nothing of the TLS error reaches the caller. The servers
 * take turns on one port, behind the one upstream URL the gateway is configured with.
 */
class UpstreamTlsRefusalsIT extends GatewayTestSupport {

    private static final TestCertificates TRUSTED = new TestCertificates("gateway-trusted CA");
    private static final TestCertificates OTHER = new TestCertificates("unknown CA");
    private static final int PORT = freePort();

    private final CredentialApiStub api = new CredentialApiStub();
    private final String token = TestTokens.jwt("alice");

    @Override
    protected Map<String, String> settings() {
        try {
            return Map.of("mcp.server-url", "https://localhost:" + PORT + "/mcp",
                    "mcp.cert-path", TRUSTED.ca().writeCertificate(Files.createTempDirectory("ca"), "ca.pem").toString(),
                    "gateway.init.rate-limit-per-minute", "1000", "mcp.max-retries", "0");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void untrustedCertificatesAreRefusedAndSanitized() throws Exception {
        Instant now = Instant.now();
        Map<String, TestCertificates.Issued> untrusted = Map.of(
                "certified by another CA", OTHER.issue("localhost", "localhost"),
                "issued for another host", TRUSTED.issue("mcp.example.com", "mcp.example.com"),
                "expired", TRUSTED.issue("localhost", now.minus(Duration.ofDays(9)), now.minus(Duration.ofDays(1)), "localhost"));
        api.accepts(token);

        for (Map.Entry<String, TestCertificates.Issued> certificate : untrusted.entrySet()) {
            TestCertificates ca = certificate.getKey().contains("another CA") ? OTHER : TRUSTED;
            try (McpTestServer upstream = new McpTestServer(certificate.getValue().sslContext(ca), PORT)) {
                HttpResponse<String> response = postInit("user_1", api.apiUrl(""), token);

                assertThat(response.statusCode()).as(certificate.getKey()).isEqualTo(500);
                assertThat(response.body()).as(certificate.getKey()).contains("\"error_type\":\"NETWORK_ERROR\"")
                        .doesNotContainIgnoringCase("certificate").doesNotContainIgnoringCase("PKIX")
                        .doesNotContain("localhost");
                assertThat(sessions().peek("user_1")).as(certificate.getKey()).isEmpty();
                assertThat(upstream.requestHeaders()).as(certificate.getKey()).isEmpty();
            }
        }

        // the same gateway accepts a server it can trust on that port
        try (McpTestServer trusted = new McpTestServer(TRUSTED.issue("localhost", "localhost").sslContext(TRUSTED), PORT)) {
            assertThat(postInit("user_1", api.apiUrl(""), token).statusCode()).isEqualTo(200);
        }
    }
}
