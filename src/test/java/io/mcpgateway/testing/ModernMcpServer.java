package io.mcpgateway.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgateway.demo.VerifyGatewayRequests;
import io.mcpgateway.upstream.ProtocolEras;
import io.mcpgateway.upstream.signing.SignatureVerifier;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.io.ConnectionStatistics;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A minimal MCP server of the modern, stateless revision (2026-07-28), the counterpart of the legacy-era
 * {@link McpTestServer}: no handshake and no session, plain JSON answers, over TLS, trusting only requests with the
 * expected bearer credential and a valid v1 signature (the project's own {@link VerifyGatewayRequests}). As a
 * production server would, it checks the modern-era headers against the body (a mismatch is a 400).
 *
 * <p>It serves {@code server/discover}, {@code tools/list} and {@code tools/call}; any other method is a JSON-RPC
 * error. Every tool answers with the text {@code "<server name>:<tool>:<arguments JSON>"}, so that a test in front of
 * several upstreams can tell which one answered and with what. It can be made slow or unavailable while running, and
 * counts what it received, for tests of retries, breakers and fan-out.
 */
public final class ModernMcpServer implements AutoCloseable {

    public static final String PATH = "/mcp";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A tool it offers: its name and the inputSchema it lists (the gateway validates arguments against it). */
    public record Tool(String name, JsonNode inputSchema) {

        /** Takes one short text: the benchmark's tool. */
        public static final Tool ECHO = of("echo", """
                {"type":"object","properties":{"text":{"type":"string","maxLength":1000}},"required":["text"],
                 "additionalProperties":false}""");

        /** @param inputSchema the schema as JSON text */
        public static Tool of(String name, String inputSchema) {
            try {
                return new Tool(name, JSON.readTree(inputSchema));
            } catch (IOException e) {
                throw new IllegalArgumentException("not a JSON schema: " + inputSchema, e);
            }
        }
    }

    private final String name;
    private final Map<String, Tool> tools = new LinkedHashMap<>();
    private final JsonNode discovered;
    private final JsonNode listed;
    private final Server jetty = new Server();
    private final ConnectionStatistics connections = new ConnectionStatistics();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final AtomicBoolean captureNextCall = new AtomicBoolean();
    private volatile Set<String> capturedHeaderNames = Set.of();
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean unavailable;

    /** Offering only {@link Tool#ECHO}. */
    public ModernMcpServer(String name, SSLContext tls, String expectedBearer, SignatureVerifier verifier)
            throws Exception {
        this(name, tls, expectedBearer, verifier, List.of(Tool.ECHO));
    }

    /**
     * @param name     its serverInfo name, and the first part of every tool's answer
     * @param tls      the server side of TLS (its certificate)
     * @param verifier checks the v1 signature with this server's own secret
     */
    public ModernMcpServer(String name, SSLContext tls, String expectedBearer, SignatureVerifier verifier,
                           List<Tool> tools) throws Exception {
        this.name = name;
        tools.forEach(tool -> this.tools.put(tool.name(), tool));
        discovered = discovered(name);
        listed = listed(name, tools);
        ServerConnector connector = McpTestServer.tlsConnector(jetty, tls);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.addBean(connections);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addFilter(new FilterHolder(new VerifyGatewayRequests(expectedBearer, verifier, refusals::add)), PATH,
                EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new Answer()), PATH);
        jetty.setHandler(context);
        jetty.start();
    }

    private static JsonNode discovered(String name) {
        ObjectNode result = JSON.createObjectNode();
        result.putArray("supportedVersions").add(ProtocolEras.MODERN_VERSION);
        result.putObject("capabilities").putObject("tools");
        result.putObject("serverInfo").put("name", name).put("version", "1");
        return result;
    }

    private static JsonNode listed(String name, List<Tool> tools) {
        ObjectNode result = JSON.createObjectNode().put("resultType", "complete");
        ArrayNode list = result.putArray("tools");
        for (Tool tool : tools) {
            list.addObject().put("name", tool.name())
                    .put("description", "Answers " + name + ":" + tool.name() + ":<its arguments>.")
                    .set("inputSchema", tool.inputSchema());
        }
        return result;
    }

    public int port() {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    /** Its URL by the address it listens on (its certificate must cover that address to be used this way). */
    public String url() {
        return "https://127.0.0.1:" + port() + PATH;
    }

    /** TLS connections accepted so far: with keep-alive working, about one per client connection in use. */
    public long connectionsOpened() {
        return connections.getConnectionsTotal();
    }

    /** Why requests were refused by the bearer or signature check ("POST bearer", "POST BAD_SIGNATURE", ...). */
    public List<String> refusals() {
        return refusals;
    }

    /** Requests with this JSON-RPC method that passed the bearer and signature check, answered or not. */
    public long requests(String method) {
        LongAdder count = requests.get(method);
        return count == null ? 0 : count.sum();
    }

    /** From now on every answer waits this long first (zero: none), e.g. to run into the gateway's timeouts. */
    public void setDelay(Duration delay) {
        this.delay = delay;
    }

    /** While true, every request that passes the checks is answered 503, as by a server being restarted. */
    public void setUnavailable(boolean unavailable) {
        this.unavailable = unavailable;
    }

    /** The header names of the next tools/call to arrive, lower case, for comparing the gateway's and a direct client's. */
    public Set<String> headerNamesOfNextCall() throws InterruptedException {
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
            requests.computeIfAbsent(method, m -> new LongAdder()).increment();
            pause();
            if (unavailable) {
                response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                return;
            }
            JsonNode id = message.get("id");
            if (id == null) {
                response.setStatus(202); // a notification
                return;
            }
            if (method.equals("tools/call") && captureNextCall.compareAndSet(true, false)) {
                Set<String> names = new TreeSet<>();
                Collections.list(request.getHeaderNames()).forEach(n -> names.add(n.toLowerCase(Locale.ROOT)));
                capturedHeaderNames = names;
            }
            ObjectNode reply = JSON.createObjectNode().put("jsonrpc", "2.0").set("id", id);
            if (headersMismatch(request, message, method)) {
                reply.putObject("error").put("code", -32020).put("message", "Header mismatch");
                write(response, 400, reply);
                return;
            }
            switch (method) {
                case "server/discover" -> reply.set("result", discovered);
                case "tools/list" -> reply.set("result", listed);
                case "tools/call" -> call(message.path("params"), reply);
                default -> reply.putObject("error").put("code", -32601).put("message", "Method not found");
            }
            write(response, 200, reply);
        }

        private void pause() throws IOException {
            Duration wait = delay;
            if (wait.isZero()) {
                return; // not even a yield: the benchmark measures this server's every answer
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while delaying the answer", e);
            }
        }

        /** The modern era repeats the version, the method and (for a call) the tool name in headers. */
        private static boolean headersMismatch(HttpServletRequest request, JsonNode message, String method) {
            return !ProtocolEras.MODERN_VERSION.equals(request.getHeader("MCP-Protocol-Version"))
                    || !ProtocolEras.MODERN_VERSION.equals(
                            message.at("/params/_meta/io.modelcontextprotocol~1protocolVersion").asText())
                    || !method.equals(request.getHeader("Mcp-Method"))
                    || method.equals("tools/call")
                            && !message.at("/params/name").asText().equals(request.getHeader("Mcp-Name"));
        }

        private void call(JsonNode params, ObjectNode reply) throws IOException {
            String toolName = params.path("name").asText();
            Tool tool = tools.get(toolName);
            JsonNode arguments = params.path("arguments");
            if (tool == null) {
                reply.putObject("error").put("code", -32602).put("message", "Unknown tool: " + toolName);
            } else if (!arguments.isObject() || !hasRequired(tool, arguments)) {
                reply.putObject("error").put("code", -32602).put("message", "Invalid params");
            } else {
                ObjectNode result = reply.putObject("result").put("resultType", "complete");
                result.putArray("content").addObject().put("type", "text")
                        .put("text", name + ":" + toolName + ":" + JSON.writeValueAsString(arguments));
                result.put("isError", false);
            }
        }

        private static boolean hasRequired(Tool tool, JsonNode arguments) {
            for (JsonNode required : tool.inputSchema().path("required")) {
                if (!arguments.has(required.asText())) {
                    return false;
                }
            }
            return true;
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
