package io.mcpgateway.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;

import io.mcpgateway.demo.DemoMcpServer;
import io.mcpgateway.demo.DemoTools;
import io.mcpgateway.demo.VerifyGatewayRequests;
import io.mcpgateway.upstream.signing.SignatureVerifier;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.io.ConnectionStatistics;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The demo's MCP server ({@link DemoMcpServer}: the MCP Java SDK, Streamable HTTP, legacy era, the {@link DemoTools})
 * on loopback, optionally behind TLS and verifying the gateway's bearer and signatures. Records the headers of every
 * request it lets through.
 */
public final class McpTestServer implements AutoCloseable {

    private final DemoMcpServer server;
    private final List<Map<String, String>> requestHeaders = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final ConnectionStatistics connections = new ConnectionStatistics();

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

    /** Every request must carry exactly this bearer credential and a valid v1 signature, else 401. */
    public McpTestServer(SSLContext tls, SignatureVerifier verifier, String expectedBearer) throws Exception {
        this(tls, verifier, expectedBearer, 0);
    }

    private McpTestServer(SSLContext tls, SignatureVerifier verifier, String expectedBearer, int port) throws Exception {
        List<Filter> filters = new ArrayList<>();
        if (verifier != null) {
            filters.add(new VerifyGatewayRequests(expectedBearer, verifier, refusals::add));
        }
        filters.add(this::recordHeaders);
        server = new DemoMcpServer(jetty -> {
            ServerConnector connector = tls == null ? new ServerConnector(jetty) : tlsConnector(jetty, tls);
            connector.addBean(connections);
            return connector;
        }, port, filters.toArray(Filter[]::new));
    }

    /** A Jetty connector speaking HTTP/1.1 over TLS with the given server context. */
    public static ServerConnector tlsConnector(Server jetty, SSLContext tls) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(tls);
        HttpConfiguration https = new HttpConfiguration();
        https.addCustomizer(new SecureRequestCustomizer(false));
        return new ServerConnector(jetty, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
    }

    private void recordHeaders(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Collections.list(request.getHeaderNames()).forEach(name -> headers.put(name, request.getHeader(name)));
        headers.put(":method", request.getMethod());
        requestHeaders.add(headers);
        chain.doFilter(req, res);
    }

    public String url(String scheme) {
        return scheme + "://localhost:" + server.port() + DemoMcpServer.PATH;
    }

    /** Connections accepted so far (with keep-alive, about one per client connection in use). */
    public long connectionsOpened() {
        return connections.getConnectionsTotal();
    }

    /** Why requests were refused by the signature or bearer check (empty when all passed). */
    public List<String> refusals() {
        return refusals;
    }

    /** Headers of every request received, oldest first (names case-insensitive; ":method" holds the method). */
    public List<Map<String, String>> requestHeaders() {
        return requestHeaders;
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
