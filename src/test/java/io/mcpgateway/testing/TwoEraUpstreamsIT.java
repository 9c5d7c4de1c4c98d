package io.mcpgateway.testing;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgateway.config.GatewaySettings;
import io.mcpgateway.config.UpstreamsFile;
import io.mcpgateway.upstream.ProtocolEras;
import io.mcpgateway.upstream.federation.UpstreamDefinition;
import io.mcpgateway.upstream.signing.RequestSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The two-upstream fixture is real: each server accepts a request signed and authorised for it over TLS verified
 * against its own CA, and refuses one authorised or signed for the other, or a client that trusts only the other CA.
 * The clients here build and sign requests as the gateway does: the signed target is the URL's path.
 */
class TwoEraUpstreamsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",
             "capabilities":{},"clientInfo":{"name":"two-era-upstreams-it","version":"1"}}}""";

    private static TwoEraUpstreams upstreams;

    @BeforeAll
    static void start() throws Exception {
        upstreams = new TwoEraUpstreams();
    }

    @AfterAll
    static void stop() throws Exception {
        upstreams.close();
    }

    @Test
    void eachUpstreamAcceptsARequestAuthorisedAndSignedForIt() throws Exception {
        HttpResponse<String> legacy = post(upstreams.legacy(), upstreams.legacy(), INITIALIZE, Map.of());
        HttpResponse<String> modern = modern(upstreams.modern(), upstreams.modern(), "server/discover", null);

        assertThat(legacy.statusCode()).isEqualTo(200);
        assertThat(legacy.headers().firstValue("Mcp-Session-Id")).isPresent();
        assertThat(modern.statusCode()).isEqualTo(200);
        JsonNode discovered = JSON.readTree(modern.body()).path("result");
        assertThat(discovered.path("supportedVersions").get(0).asText()).isEqualTo(ProtocolEras.MODERN_VERSION);
        assertThat(discovered.at("/serverInfo/name").asText()).isEqualTo(TwoEraUpstreams.MODERN_SERVER_NAME);
    }

    @Test
    void eachUpstreamRefusesTheOthersBearerAndSignature() throws Exception {
        HttpResponse<String> atLegacy = post(upstreams.legacy(), upstreams.modern(), INITIALIZE, Map.of());
        HttpResponse<String> atModern = modern(upstreams.modern(), upstreams.legacy(), "server/discover", null);

        assertThat(atLegacy.statusCode()).isEqualTo(401);
        assertThat(atModern.statusCode()).isEqualTo(401);
        assertThat(upstreams.legacyServer().refusals()).contains("POST bearer");
        assertThat(upstreams.modernServer().refusals()).contains("POST bearer");
    }

    @Test
    void eachUpstreamRefusesItsOwnBearerSignedWithTheOthersSecret() throws Exception {
        TwoEraUpstreams.Access legacy = upstreams.legacy();
        TwoEraUpstreams.Access modern = upstreams.modern();

        HttpResponse<String> atLegacy = post(legacy, new TwoEraUpstreams.Access(legacy.url(), legacy.caPath(),
                legacy.bearer(), modern.signingSecret()), INITIALIZE, Map.of());
        HttpResponse<String> atModern = modern(modern, new TwoEraUpstreams.Access(modern.url(), modern.caPath(),
                modern.bearer(), legacy.signingSecret()), "server/discover", null);

        assertThat(atLegacy.statusCode()).isEqualTo(401);
        assertThat(atModern.statusCode()).isEqualTo(401);
        assertThat(upstreams.legacyServer().refusals()).contains("POST BAD_SIGNATURE");
        assertThat(upstreams.modernServer().refusals()).contains("POST BAD_SIGNATURE");
    }

    @Test
    void aClientTrustingOnlyTheOtherCaFailsTheHandshake() {
        HttpClient trustingModern = client(upstreams.modern().caPath());
        HttpClient trustingLegacy = client(upstreams.legacy().caPath());

        assertThatThrownBy(() -> trustingModern.send(HttpRequest.newBuilder(URI.create(upstreams.legacy().url()))
                .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
        assertThatThrownBy(() -> trustingLegacy.send(HttpRequest.newBuilder(URI.create(upstreams.modern().url()))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void theModernUpstreamSaysWhichServerAndToolAnswered() throws Exception {
        TwoEraUpstreams.Access modern = upstreams.modern();
        long callsBefore = upstreams.modernServer().requests("tools/call");

        JsonNode listed = JSON.readTree(modern(modern, modern, "tools/list", null).body());
        JsonNode forecast = JSON.readTree(modern(modern, modern, "tools/call",
                JSON.createObjectNode().put("name", "forecast").set("arguments",
                        JSON.createObjectNode().put("region", "north"))).body());
        JsonNode unknown = JSON.readTree(modern(modern, modern, "tools/call",
                JSON.createObjectNode().put("name", "add").set("arguments", JSON.createObjectNode())).body());

        assertThat(listed.at("/result/tools").findValuesAsText("name")).containsExactly("forecast", "echo");
        assertThat(forecast.at("/result/content/0/text").asText()).isEqualTo("modern:forecast:{\"region\":\"north\"}");
        assertThat(unknown.at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(upstreams.modernServer().requests("tools/call") - callsBefore).isEqualTo(2);
    }

    @Test
    void theModernUpstreamCanBeMadeSlowOrUnavailable() throws Exception {
        TwoEraUpstreams.Access modern = upstreams.modern();
        ModernMcpServer server = upstreams.modernServer();
        try {
            server.setDelay(Duration.ofMillis(300));
            long started = System.nanoTime();
            assertThat(modern(modern, modern, "server/discover", null).statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

            server.setDelay(Duration.ZERO);
            server.setUnavailable(true);
            assertThat(modern(modern, modern, "server/discover", null).statusCode()).isEqualTo(503);
        } finally {
            server.setDelay(Duration.ZERO);
            server.setUnavailable(false);
        }
    }

    @Test
    void theUpstreamsFileNamesBothWithTheirOwnCaAndSecrets() {
        Map<String, String> secrets = upstreams.secretProperties("tickets", "weather");
        Map<String, String> defaults = DefaultSettings.values();

        UpstreamsFile file = UpstreamsFile.parse(upstreams.upstreamsYaml("tickets", "weather"),
                GatewaySettings.load(defaults::get), secrets::get);

        List<UpstreamDefinition> read = file.upstreams();
        assertThat(read).extracting(UpstreamDefinition::name).containsExactly("tickets", "weather");
        assertThat(read).allMatch(UpstreamDefinition::requireSigning);
        assertThat(read.get(0).url()).hasToString(upstreams.legacy().url());
        assertThat(read.get(0).caPath()).isEqualTo(upstreams.legacy().caPath());
        assertThat(read.get(1).url()).hasToString(upstreams.modern().url());
        assertThat(read.get(1).caPath()).isEqualTo(upstreams.modern().caPath());
        assertThat(secrets).containsExactlyInAnyOrderEntriesOf(Map.of(
                "TICKETS_MCP_TOKEN", upstreams.legacy().bearer(),
                "TICKETS_MCP_SIGNING_SECRET", upstreams.legacy().signingSecret(),
                "WEATHER_MCP_TOKEN", upstreams.modern().bearer(),
                "WEATHER_MCP_SIGNING_SECRET", upstreams.modern().signingSecret()));
        assertThat(file.warnings()).isEmpty();
    }

    /** A modern-era request as the gateway sends it: version in _meta and headers, method (and tool) in headers. */
    private static HttpResponse<String> modern(TwoEraUpstreams.Access target, TwoEraUpstreams.Access credentials,
                                               String method, ObjectNode params) throws Exception {
        ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 1).put("method", method);
        ObjectNode withMeta = request.putObject("params");
        if (params != null) {
            withMeta.setAll(params);
        }
        withMeta.putObject("_meta").put("io.modelcontextprotocol/protocolVersion", ProtocolEras.MODERN_VERSION);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("MCP-Protocol-Version", ProtocolEras.MODERN_VERSION);
        headers.put("Mcp-Method", method);
        if (params != null && params.has("name")) {
            headers.put("Mcp-Name", params.get("name").asText());
        }
        return post(target, credentials, JSON.writeValueAsString(request), headers);
    }

    /**
     * POSTs to {@code target}, trusting only its CA, with the bearer of {@code credentials} and signed with their
     * secret; {@code headers} are sent and signed too.
     */
    private static HttpResponse<String> post(TwoEraUpstreams.Access target, TwoEraUpstreams.Access credentials,
                                             String json, Map<String, String> headers) throws Exception {
        URI url = URI.create(target.url());
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        Map<String, String> signed = new RequestSigner(credentials.signingSecret().getBytes(StandardCharsets.UTF_8))
                .sign("POST", url.getRawPath(), body, headers);
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + credentials.bearer())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        signed.forEach(request::header);
        return client(target.caPath()).send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A client trusting only the CA in this PEM file, as the gateway does with an upstream's ca-path. */
    private static HttpClient client(Path caPem) {
        try (InputStream pem = Files.newInputStream(caPem)) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(pem));
            TrustManagerFactory trusting = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trusting.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trusting.getTrustManagers(), null);
            return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        } catch (Exception e) {
            throw new IllegalStateException("cannot trust " + caPem, e);
        }
    }
}
