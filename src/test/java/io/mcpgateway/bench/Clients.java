package io.mcpgateway.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgateway.testing.ModernMcpServer;
import io.mcpgateway.upstream.ProtocolEras;
import io.mcpgateway.upstream.signing.RequestSigner;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;

/**
 * The load generator's HTTP clients: Apache HttpClient 5 (the library the gateway itself calls the upstream with),
 * pooled keep-alive connections, one per session. The direct client does what the gateway does for a tool call:
 * the same TLS setup ({@code UpstreamTls}), the same modern-era JSON-RPC body and headers, the gateway's bearer
 * credential and a fresh v1 signature by the gateway's own {@link RequestSigner}, so the upstream does the same work
 * for a direct call as for a call through the gateway.
 */
final class Clients implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ContentType APPLICATION_JSON = ContentType.create("application/json");

    private final CloseableHttpClient gatewayHttp;
    private final CloseableHttpClient directHttp;
    private final URI upstream;
    private final String upstreamCredential;
    private final RequestSigner signer;
    private final AtomicLong ids = new AtomicLong();

    Clients(int connections, URI upstream, TlsSocketStrategy upstreamTls, String upstreamCredential, RequestSigner signer) {
        this.gatewayHttp = client(connections, null);
        this.directHttp = client(connections, upstreamTls);
        this.upstream = upstream;
        this.upstreamCredential = upstreamCredential;
        this.signer = signer;
    }

    private static CloseableHttpClient client(int connections, TlsSocketStrategy tls) {
        PoolingHttpClientConnectionManagerBuilder pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(connections).setMaxConnPerRoute(connections);
        if (tls != null) {
            pool.setTlsSocketStrategy(tls);
        }
        return HttpClients.custom().setConnectionManager(pool.build()).disableAutomaticRetries()
                .disableCookieManagement().disableRedirectHandling().disableContentCompression().build();
    }

    /** {@code POST /init}; the answer must be 200. */
    void init(String gateway, String sessionId, String apiUrl, String token) throws IOException {
        send(gatewayHttp, ClassicRequestBuilder.post(gateway + "/init").setEntity(json("{\"session_id\":\"" + sessionId
                + "\",\"apiUrl\":\"" + apiUrl + "\",\"jwtToken\":\"" + token + "\"}")).build(), 200);
    }

    /** {@code POST /tools/call} of the echo tool through the gateway; the answer must be 200. */
    void callThroughGateway(String gateway, String sessionId, String token, String text) throws IOException {
        send(gatewayHttp, ClassicRequestBuilder.post(gateway + "/tools/call")
                .setHeader("Authorization", "Bearer " + token)
                .setEntity(json("{\"session_id\":\"" + sessionId + "\",\"name\":\"" + ModernMcpServer.Tool.ECHO.name()
                        + "\",\"arguments\":{\"text\":\"" + text + "\"}}")).build(), 200);
    }

    /** A tools/call of the reference server's {@code echo} tool through the gateway; the answer must be 200. */
    void echoThroughGateway(String gateway, String sessionId, String token, String message) throws IOException {
        send(gatewayHttp, ClassicRequestBuilder.post(gateway + "/tools/call")
                .setHeader("Authorization", "Bearer " + token)
                .setEntity(json("{\"session_id\":\"" + sessionId + "\",\"name\":\"echo\",\"arguments\":{\"message\":\""
                        + message + "\"}}")).build(), 200);
    }

    /** {@code DELETE /sessions/{id}}; the answer must be 204. */
    void close(String gateway, String sessionId, String token) throws IOException {
        send(gatewayHttp, ClassicRequestBuilder.delete(gateway + "/sessions/" + sessionId)
                .setHeader("Authorization", "Bearer " + token).build(), 204);
    }

    /** The same tools/call straight to the upstream, built and signed as the gateway builds and signs it. */
    void callDirect(String text) throws IOException {
        callVia(upstream, text);
    }

    /** The same signed tools/call as {@link #callDirect}, sent to {@code target} (a proxy in front of the upstream). */
    void callVia(URI target, String text) throws IOException {
        ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", ids.incrementAndGet())
                .put("method", "tools/call");
        ObjectNode params = request.putObject("params").put("name", ModernMcpServer.Tool.ECHO.name());
        params.putObject("arguments").put("text", text);
        ObjectNode meta = params.putObject("_meta").put("progressToken", UUID.randomUUID().toString());
        meta.put("io.modelcontextprotocol/protocolVersion", ProtocolEras.MODERN_VERSION);
        meta.putObject("io.modelcontextprotocol/clientCapabilities");
        meta.putObject("io.modelcontextprotocol/clientInfo").put("name", "mcp-gateway-bench").put("version", "1");
        byte[] body = JSON.writeValueAsBytes(request);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json, text/event-stream");
        headers.put("MCP-Protocol-Version", ProtocolEras.MODERN_VERSION);
        headers.put("Mcp-Method", "tools/call");
        headers.put("Mcp-Name", ModernMcpServer.Tool.ECHO.name());
        headers.putAll(signer.sign("POST", upstream.getRawPath(), body, headers));
        headers.put("Authorization", "Bearer " + upstreamCredential);
        ClassicRequestBuilder post = ClassicRequestBuilder.post(target).setEntity(new ByteArrayEntity(body, APPLICATION_JSON));
        headers.forEach(post::setHeader);
        send(target.getScheme().equals("https") ? directHttp : gatewayHttp, post.build(), 200);
    }

    private static ByteArrayEntity json(String body) {
        return new ByteArrayEntity(body.getBytes(StandardCharsets.UTF_8), APPLICATION_JSON);
    }

    /** Sends the request, reads the whole answer, and fails unless the status is the expected one. */
    private static void send(CloseableHttpClient http, ClassicHttpRequest request, int expected) throws IOException {
        http.execute(request, response -> {
            byte[] body = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
            if (response.getCode() != expected) {
                throw new IOException(request.getMethod() + " " + request.getPath() + " answered " + response.getCode()
                        + ": " + new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8));
            }
            return null;
        });
    }

    @Override
    public void close() throws IOException {
        gatewayHttp.close();
        directHttp.close();
    }
}
