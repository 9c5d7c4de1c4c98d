package io.mcpgateway.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A real MCP server (the MCP Java SDK, Streamable HTTP, legacy era) on embedded Jetty, on loopback, optionally behind
 * TLS. Tools: {@code echo} (text), {@code add} (structured content), {@code fail} (an error result) and {@code slow}
 * (progress notifications before its result). Records the headers of every request it receives.
 */
public final class McpTestServer implements AutoCloseable {

    private final Server jetty;
    private final McpSyncServer mcp;
    private final List<Map<String, String>> requestHeaders = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();

    private static McpTestServer shared;

    /** A plain-HTTP server on loopback shared by every test in this JVM that needs some upstream. */
    public static synchronized McpTestServer shared() {
        if (shared == null) {
            try {
                shared = new McpTestServer(null, null, null, 0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return shared;
    }

    public McpTestServer(SSLContext tls) throws Exception {
        this(tls, null, null, 0);
    }

    /** On a given port, so that servers with different certificates can take turns behind one URL. */
    public McpTestServer(SSLContext tls, int port) throws Exception {
        this(tls, null, null, port);
    }

    public McpTestServer(SSLContext tls, io.mcpgateway.upstream.signing.SignatureVerifier verifier, String expectedBearer)
            throws Exception {
        this(tls, verifier, expectedBearer, 0);
    }

    /**
     * @param verifier       when set, every request must carry a valid v1 signature (else 401)
     * @param expectedBearer when set, every request must carry exactly this bearer credential (else 401)
     */
    private McpTestServer(SSLContext tls, io.mcpgateway.upstream.signing.SignatureVerifier verifier,
                          String expectedBearer, int port) throws Exception {
        JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(new ObjectMapper());
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(json).mcpEndpoint("/mcp")
                .contextExtractor(this::recordHeaders)
                .build();
        mcp = McpServer.sync(transport)
                .serverInfo("mcp-gateway-test-server", "1.0.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).logging().build())
                .toolCall(tool("echo", "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}"),
                        (exchange, call) -> McpSchema.CallToolResult.builder()
                                .addTextContent(String.valueOf(call.arguments().get("text"))).build())
                .toolCall(tool("add", "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"number\"},\"b\":{\"type\":\"number\"}},\"required\":[\"a\",\"b\"]}"),
                        (exchange, call) -> {
                            double sum = ((Number) call.arguments().get("a")).doubleValue()
                                    + ((Number) call.arguments().get("b")).doubleValue();
                            return McpSchema.CallToolResult.builder().addTextContent(String.valueOf(sum))
                                    .structuredContent(Map.of("sum", sum)).build();
                        })
                .toolCall(tool("fail", "{\"type\":\"object\"}"),
                        (exchange, call) -> McpSchema.CallToolResult.builder().addTextContent("the tool failed")
                                .isError(true).build())
                .toolCall(tool("slow", "{\"type\":\"object\",\"properties\":{\"steps\":{\"type\":\"integer\"}}}"),
                        (exchange, call) -> {
                            int steps = ((Number) call.arguments().getOrDefault("steps", 3)).intValue();
                            Object token = call.meta() == null ? null : call.meta().get("progressToken");
                            for (int i = 1; i <= steps; i++) {
                                if (token != null) {
                                    exchange.progressNotification(new McpSchema.ProgressNotification(token, i, (double) steps,
                                            "step " + i));
                                }
                                sleep(Duration.ofMillis(50));
                            }
                            return McpSchema.CallToolResult.builder().addTextContent("done after " + steps + " steps").build();
                        })
                .build();

        jetty = new Server();
        ServerConnector connector = tls == null ? new ServerConnector(jetty) : tlsConnector(tls);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder servlet = new ServletHolder(transport);
        servlet.setAsyncSupported(true);
        context.addServlet(servlet, "/*");
        if (verifier != null || expectedBearer != null) {
            org.eclipse.jetty.ee10.servlet.FilterHolder check = new org.eclipse.jetty.ee10.servlet.FilterHolder(
                    new VerifyingFilter(verifier, expectedBearer, refusals));
            check.setAsyncSupported(true);
            context.addFilter(check, "/*", java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
        }
        jetty.setHandler(context);
        jetty.start();
    }

    private ServerConnector tlsConnector(SSLContext tls) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(tls);
        HttpConfiguration https = new HttpConfiguration();
        https.addCustomizer(new SecureRequestCustomizer(false));
        return new ServerConnector(jetty, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
    }

    private io.modelcontextprotocol.common.McpTransportContext recordHeaders(HttpServletRequest request) {
        Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        java.util.Collections.list(request.getHeaderNames()).forEach(name -> headers.put(name, request.getHeader(name)));
        headers.put(":method", request.getMethod());
        requestHeaders.add(headers);
        return io.modelcontextprotocol.common.McpTransportContext.EMPTY;
    }

    private static McpSchema.Tool tool(String name, String inputSchema) {
        return McpSchema.Tool.builder().name(name).description("test tool " + name)
                .inputSchema(new JacksonMcpJsonMapper(new ObjectMapper()), inputSchema).build();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String url(String scheme) {
        return scheme + "://localhost:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + "/mcp";
    }

    /** Why requests were refused by the signature or bearer check (empty when all passed). */
    public List<String> refusals() {
        return refusals;
    }

    /** Headers of every request received, oldest first (names case-insensitive; ":method" holds the method). */
    public List<Map<String, String>> requestHeaders() {
        return requestHeaders;
    }

    /** Checks each request like a server that verifies the gateway would, then hands on its body unchanged. */
    private record VerifyingFilter(io.mcpgateway.upstream.signing.SignatureVerifier verifier, String expectedBearer,
                                   List<String> refusals) implements jakarta.servlet.Filter {
        @Override
        public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res,
                             jakarta.servlet.FilterChain chain) throws java.io.IOException, jakarta.servlet.ServletException {
            HttpServletRequest request = (HttpServletRequest) req;
            byte[] body = request.getInputStream().readAllBytes();
            String target = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
            String refusal = null;
            if (expectedBearer != null && !("Bearer " + expectedBearer).equals(request.getHeader("Authorization"))) {
                refusal = "bearer";
            } else if (verifier != null) {
                var verdict = verifier.verify(request.getMethod(), target, body, request::getHeader);
                refusal = verdict == io.mcpgateway.upstream.signing.SignatureVerifier.Verdict.VALID ? null : verdict.name();
            }
            if (refusal != null) {
                refusals.add(request.getMethod() + " " + refusal);
                ((jakarta.servlet.http.HttpServletResponse) res).sendError(401);
                return;
            }
            chain.doFilter(new CachedBodyRequest(request, body), res);
        }
    }

    private static final class CachedBodyRequest extends jakarta.servlet.http.HttpServletRequestWrapper {
        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public jakarta.servlet.ServletInputStream getInputStream() {
            java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(body);
            return new jakarta.servlet.ServletInputStream() {
                @Override public boolean isFinished() { return in.available() == 0; }
                @Override public boolean isReady() { return true; }
                @Override public void setReadListener(jakarta.servlet.ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
                @Override public int read() { return in.read(); }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() throws Exception {
        mcp.closeGracefully();
        jetty.stop();
    }
}
