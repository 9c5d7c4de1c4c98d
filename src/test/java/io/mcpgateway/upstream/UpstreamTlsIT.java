package io.mcpgateway.upstream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.mcpgateway.config.GatewaySettings;
import io.mcpgateway.config.InvalidConfigurationException;
import io.mcpgateway.config.UpstreamTls;
import io.mcpgateway.testing.DefaultSettings;
import io.mcpgateway.testing.TestCertificates;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The upstream TLS strategy against real TLS servers, with certificates made at test time. */
class UpstreamTlsIT {

    private static final TestCertificates TRUSTED_CA = new TestCertificates("mcp-gateway test CA");
    private static final TestCertificates OTHER_CA = new TestCertificates("untrusted CA");

    @TempDir
    Path dir;

    private HttpsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String serve(TestCertificates.Issued certificate, boolean needClientAuth) throws Exception {
        SSLContext context = certificate.sslContext(TRUSTED_CA);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                javax.net.ssl.SSLParameters ssl = context.getDefaultSSLParameters();
                ssl.setNeedClientAuth(needClientAuth);
                params.setSSLParameters(ssl);
            }
        });
        server.createContext("/mcp", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        return "https://localhost:" + server.getAddress().getPort() + "/mcp";
    }

    private GatewaySettings settings(Map<String, String> overrides) {
        Map<String, String> values = DefaultSettings.values();
        values.put("mcp.server-url", "https://localhost/mcp");
        values.put("mcp.cert-path", TRUSTED_CA.ca().writeCertificate(dir, "ca.pem").toString());
        values.putAll(overrides);
        return GatewaySettings.load(values::get);
    }

    private static int get(GatewaySettings settings, String url) throws IOException {
        try (CloseableHttpClient client = HttpClients.custom().setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create().setTlsSocketStrategy(UpstreamTls.strategy(settings))
                        .build()).build()) {
            return client.execute(new HttpGet(url), response -> response.getCode());
        }
    }

    @Test
    void serverCertifiedByTheConfiguredCaIsAccepted() throws Exception {
        String url = serve(TRUSTED_CA.issue("localhost", "localhost", "127.0.0.1"), false);

        assertThat(get(settings(Map.of()), url)).isEqualTo(200);
    }

    @Test
    void serverFromAnotherCaIsRefused() throws Exception {
        TestCertificates.Issued foreign = OTHER_CA.issue("localhost", "localhost");
        String url = serve(foreign, false);

        assertThatThrownBy(() -> get(settings(Map.of()), url)).isInstanceOf(SSLException.class);
    }

    @Test
    void certificateForAnotherHostIsRefused() throws Exception {
        String url = serve(TRUSTED_CA.issue("mcp.example.com", "mcp.example.com"), false);

        assertThatThrownBy(() -> get(settings(Map.of()), url)).isInstanceOf(SSLException.class);
    }

    @Test
    void expiredCertificateIsRefused() throws Exception {
        Instant now = Instant.now();
        String url = serve(TRUSTED_CA.issue("localhost", now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)),
                "localhost"), false);

        assertThatThrownBy(() -> get(settings(Map.of()), url)).isInstanceOf(SSLException.class);
    }

    @Test
    void turningVerificationOffAcceptsAnything() throws Exception {
        String url = serve(OTHER_CA.issue("elsewhere", "mcp.example.com"), false);

        assertThat(get(settings(Map.of("mcp.ssl-verify", "false")), url)).isEqualTo(200);
    }

    @Test
    void mutualTlsPresentsTheConfiguredClientCertificate() throws Exception {
        String url = serve(TRUSTED_CA.issue("localhost", "localhost"), true);
        TestCertificates.Issued client = TRUSTED_CA.issue("mcp-gateway");
        Map<String, String> mtls = Map.of(
                "mcp.client-cert-path", client.writeCertificate(dir, "client.pem").toString(),
                "mcp.client-key-path", client.writeKey(dir, "client-key.pem").toString());

        assertThat(get(settings(mtls), url)).isEqualTo(200);
        assertThatThrownBy(() -> get(settings(Map.of()), url)).isInstanceOf(IOException.class);
    }

    @Test
    void aKeyFileWithLeadingParametersIsRead() throws Exception {
        String url = serve(TRUSTED_CA.issue("localhost", "localhost"), true);
        TestCertificates.Issued client = TRUSTED_CA.issue("mcp-gateway");
        Path key = client.writeKey(dir, "key.pem");
        // what "openssl ecparam -genkey" writes: the curve parameters block before the key
        java.nio.file.Files.writeString(key, "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                + java.nio.file.Files.readString(key));

        assertThat(get(settings(Map.of("mcp.client-cert-path", client.writeCertificate(dir, "c.pem").toString(),
                "mcp.client-key-path", key.toString())), url)).isEqualTo(200);
    }

    @Test
    void aKeyThatDoesNotBelongToTheCertificateStopsStartUp() {
        TestCertificates.Issued client = TRUSTED_CA.issue("mcp-gateway");
        TestCertificates.Issued other = TRUSTED_CA.issue("someone-else");

        assertThatThrownBy(() -> UpstreamTls.strategy(settings(Map.of(
                "mcp.client-cert-path", client.writeCertificate(dir, "c.pem").toString(),
                "mcp.client-key-path", other.writeKey(dir, "other-key.pem").toString()))))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("MCP_CLIENT_KEY_PATH");
    }

    @Test
    void unusableTlsFilesStopStartUpNamingTheSetting() throws Exception {
        Path notPem = java.nio.file.Files.writeString(dir.resolve("garbage.pem"), "not a certificate");

        assertThatThrownBy(() -> UpstreamTls.strategy(settings(Map.of("mcp.cert-path", notPem.toString()))))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("MCP_CERT_PATH");
        TestCertificates.Issued client = TRUSTED_CA.issue("mcp-gateway");
        assertThatThrownBy(() -> UpstreamTls.strategy(settings(Map.of(
                "mcp.client-cert-path", client.writeCertificate(dir, "c.pem").toString(),
                "mcp.client-key-path", notPem.toString()))))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("MCP_CLIENT_KEY_PATH");
    }
}
