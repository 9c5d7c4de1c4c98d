package io.mcpgateway.upstream.jsonrpc;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.mcpgateway.testing.McpTestServer;
import io.mcpgateway.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reply reader against a real MCP server (the MCP Java SDK behind TLS) speaking the legacy Streamable HTTP era:
 * plain JSON answers, event streams, progress notifications and session headers as the SDK really sends them.
 */
class RealMcpServerWireIT {

    private static final TestCertificates CA = new TestCertificates("wire test CA");
    private static McpTestServer server;
    private static HttpClient http;

    private final JsonRpcReplyReader reader = new JsonRpcReplyReader(
            new JsonRpcReplyReader.Limits(1024 * 1024, 256 * 1024, 512 * 1024, 100, 10));

    @BeforeAll
    static void start() throws Exception {
        TestCertificates.Issued serverCert = CA.issue("localhost", "localhost", "127.0.0.1");
        server = new McpTestServer(serverCert.sslContext(CA));
        http = HttpClient.newBuilder().sslContext(CA.issue("client").sslContext(CA))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private HttpResponse<java.io.InputStream> post(String sessionId, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url("https")))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (sessionId != null) {
            request.header("Mcp-Session-Id", sessionId).header("MCP-Protocol-Version", "2025-06-18");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private JsonRpcReply reply(HttpResponse<java.io.InputStream> response, int id, List<JsonNode> serverRequests)
            throws IOException {
        try (java.io.InputStream body = response.body()) {
            return reader.read(response.headers().firstValue("Content-Type").orElse(""), body, IntNode.valueOf(id),
                    null, System.nanoTime() + Duration.ofSeconds(10).toNanos(), serverRequests::add);
        }
    }

    private String initialize() throws Exception {
        HttpResponse<java.io.InputStream> response = post(null, """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",
                 "capabilities":{},"clientInfo":{"name":"mcp-gateway","version":"test"}}}""");
        JsonRpcReply reply = reply(response, 1, new ArrayList<>());
        assertThat(reply.complete()).isTrue();
        assertThat(reply.response().at("/result/protocolVersion").asText()).isNotEmpty();
        String sessionId = response.headers().firstValue("Mcp-Session-Id").orElseThrow();
        HttpResponse<java.io.InputStream> initialized = post(sessionId,
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        assertThat(initialized.statusCode()).isEqualTo(202);
        return sessionId;
    }

    @Test
    void listsToolsWithTheirInputSchemas() throws Exception {
        String session = initialize();

        JsonRpcReply reply = reply(post(session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}"), 2,
                new ArrayList<>());

        assertThat(reply.response().at("/result/tools").findValuesAsText("name"))
                .contains("echo", "add", "fail", "slow");
        assertThat(reply.response().at("/result/tools/0/inputSchema/type").asText()).isEqualTo("object");
    }

    @Test
    void readsTextStructuredAndErrorResults() throws Exception {
        String session = initialize();

        JsonRpcReply echo = reply(post(session, """
                {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":{"text":"héllo"}}}"""),
                3, new ArrayList<>());
        JsonRpcReply add = reply(post(session, """
                {"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"add","arguments":{"a":2,"b":3}}}"""),
                4, new ArrayList<>());
        JsonRpcReply fail = reply(post(session, """
                {"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"fail","arguments":{}}}"""),
                5, new ArrayList<>());
        JsonRpcReply unknown = reply(post(session, """
                {"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"nope","arguments":{}}}"""),
                6, new ArrayList<>());

        assertThat(echo.response().at("/result/content/0/text").asText()).isEqualTo("héllo");
        assertThat(add.response().at("/result/structuredContent/sum").asDouble()).isEqualTo(5.0);
        assertThat(fail.response().at("/result/isError").asBoolean()).isTrue();
        assertThat(unknown.isError() || unknown.response().at("/result/isError").asBoolean()).isTrue();
    }

    @Test
    void aSumOutOfRangeIsAnErrorResultNotAProtocolError() throws Exception {
        String session = initialize();

        JsonRpcReply add = reply(post(session, """
                {"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"add","arguments":{"a":1e308,"b":1e308}}}"""),
                9, new ArrayList<>());

        assertThat(add.isError()).isFalse();
        assertThat(add.response().at("/result/isError").asBoolean()).isTrue();
        assertThat(add.response().at("/result/content/0/text").asText()).isEqualTo("the sum is out of range");
    }

    @Test
    void collectsProgressNotificationsBeforeTheResult() throws Exception {
        String session = initialize();

        HttpResponse<java.io.InputStream> response = post(session, """
                {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"slow","arguments":{"steps":3},
                 "_meta":{"progressToken":"p-7"}}}""");
        JsonRpcReply reply = reply(response, 7, new ArrayList<>());

        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(reply.response().at("/result/content/0/text").asText()).isEqualTo("done after 3 steps");
        assertThat(reply.notifications()).hasSize(3).allSatisfy(n -> {
            assertThat(n.get("method").asText()).isEqualTo("notifications/progress");
            assertThat(n.at("/params/progressToken").asText()).isEqualTo("p-7");
        });
    }

    @Test
    void anUnknownSessionIsA404ToTheClient() throws Exception {
        HttpResponse<java.io.InputStream> response = post("no-such-session",
                "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/list\"}");
        response.body().close();

        assertThat(response.statusCode()).isEqualTo(404);
    }
}
