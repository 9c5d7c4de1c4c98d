package io.mcpgateway.bench;

import java.io.IOException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgateway.demo.VerifyGatewayRequests;
import io.mcpgateway.testing.McpTestServer;
import io.mcpgateway.upstream.ProtocolEras;
import io.mcpgateway.upstream.signing.SignatureVerifier;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.io.ConnectionStatistics;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The benchmark's upstream: a minimal MCP server of the modern, stateless revision (2026-07-28) that answers with plain
 * JSON, over TLS, trusting only requests with the expected bearer credential and a valid v1 signature (the project's
 * own {@link VerifyGatewayRequests}). It offers one tool, {@code echo}, with an inputSchema the gateway validates
 * against. As a production server would, it checks the modern-era headers against the body (a mismatch is a 400).
 */
final class FastMcpServer implements AutoCloseable {

    static final String PATH = "/mcp";
    static final String TOOL = "echo";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode DISCOVERED;
    private static final JsonNode TOOLS;

    static {
        try {
            DISCOVERED = JSON.readTree("{\"supportedVersions\":[\"" + ProtocolEras.MODERN_VERSION + "\"],"
                    + "\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"bench-upstream\",\"version\":\"1\"}}");
            TOOLS = JSON.readTree("{\"resultType\":\"complete\",\"tools\":[{\"name\":\"" + TOOL + "\","
                    + "\"description\":\"Returns its text unchanged.\",\"inputSchema\":{\"type\":\"object\","
                    + "\"properties\":{\"text\":{\"type\":\"string\",\"maxLength\":1000}},\"required\":[\"text\"],"
                    + "\"additionalProperties\":false}}]}");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Server jetty = new Server();
    private final ConnectionStatistics connections = new ConnectionStatistics();
    private final AtomicLong refusals = new AtomicLong();
    private final AtomicBoolean captureNextCall = new AtomicBoolean();
    private volatile Set<String> capturedHeaderNames = Set.of();

    FastMcpServer(SSLContext tls, String expectedBearer, SignatureVerifier verifier) throws Exception {
        ServerConnector connector = McpTestServer.tlsConnector(jetty, tls);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.addBean(connections);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addFilter(new FilterHolder(new VerifyGatewayRequests(expectedBearer, verifier,
                refusal -> refusals.incrementAndGet())), PATH, EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new Answer()), PATH);
        jetty.setHandler(context);
        jetty.start();
    }

    String url() {
        return "https://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + PATH;
    }

    /** TLS connections accepted so far: with keep-alive working, about one per session and client. */
    long connectionsOpened() {
        return connections.getConnectionsTotal();
    }

    /** Requests refused for a bad bearer or signature (must stay 0). */
    long refusals() {
        return refusals.get();
    }

    /** The header names of the next tools/call to arrive, lower case, for comparing the gateway's and the direct client's. */
    Set<String> headerNamesOfNextCall() throws InterruptedException {
        capturedHeaderNames = Set.of();
        captureNextCall.set(true);
        for (int i = 0; i < 500 && capturedHeaderNames.isEmpty(); i++) {
            Thread.sleep(10);
        }
        return capturedHeaderNames;
    }

    private final class Answer extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            JsonNode message = JSON.readTree(request.getInputStream());
            String method = message.path("method").asText();
            JsonNode id = message.get("id");
            if (id == null) {
                response.setStatus(202); // a notification
                return;
            }
            if (method.equals("tools/call") && captureNextCall.compareAndSet(true, false)) {
                Set<String> names = new TreeSet<>();
                Collections.list(request.getHeaderNames()).forEach(name -> names.add(name.toLowerCase(Locale.ROOT)));
                capturedHeaderNames = names;
            }
            ObjectNode reply = JSON.createObjectNode().put("jsonrpc", "2.0").set("id", id);
            if (!ProtocolEras.MODERN_VERSION.equals(request.getHeader("MCP-Protocol-Version"))
                    || !ProtocolEras.MODERN_VERSION.equals(message.at("/params/_meta/io.modelcontextprotocol~1protocolVersion").asText())
                    || !method.equals(request.getHeader("Mcp-Method"))) {
                reply.putObject("error").put("code", -32020).put("message", "Header mismatch");
                write(response, 400, reply);
                return;
            }
            switch (method) {
                case "server/discover" -> reply.set("result", DISCOVERED);
                case "tools/list" -> reply.set("result", TOOLS);
                case "tools/call" -> {
                    JsonNode text = message.at("/params/arguments/text");
                    if (!TOOL.equals(message.at("/params/name").asText()) || !TOOL.equals(request.getHeader("Mcp-Name"))
                            || !text.isTextual()) {
                        reply.putObject("error").put("code", -32602).put("message", "Invalid params");
                    } else {
                        ObjectNode result = reply.putObject("result").put("resultType", "complete");
                        result.putArray("content").addObject().put("type", "text").set("text", text);
                        result.put("isError", false);
                    }
                }
                default -> reply.putObject("error").put("code", -32601).put("message", "Method not found");
            }
            write(response, 200, reply);
        }

        private static void write(HttpServletResponse response, int status, JsonNode reply) throws IOException {
            byte[] body = JSON.writeValueAsBytes(reply);
            response.setStatus(status);
            response.setContentType("application/json");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }
}
