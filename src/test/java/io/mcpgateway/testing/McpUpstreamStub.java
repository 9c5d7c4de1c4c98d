package io.mcpgateway.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A misbehaving MCP server for fault injection (WireMock on loopback): it completes the legacy handshake properly and
 * then answers {@code tools/list} however a test asks. For correct behaviour, tests use {@link McpTestServer}.
 */
public final class McpUpstreamStub implements AutoCloseable {

    private final WireMockServer server;

    public McpUpstreamStub() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        server.stubFor(method("initialize").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withHeader("Mcp-Session-Id", "stub-session-1")
                .withTransformers("response-template")
                .withBody("{\"jsonrpc\":\"2.0\",\"id\":{{jsonPath request.body '$.id'}},\"result\":{\"protocolVersion\":\"2025-06-18\","
                        + "\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"stub\",\"version\":\"1\"}}}")));
        server.stubFor(method("notifications/initialized").willReturn(aResponse().withStatus(202)));
        listsToolsNormally();
    }

    public String url() {
        return "http://127.0.0.1:" + server.port() + "/mcp";
    }

    private static MappingBuilder method(String name) {
        return post(urlPathEqualTo("/mcp")).withRequestBody(containing("\"method\":\"" + name + "\""));
    }

    /** The answer to tools/list; the id is matched by value, so any request id works with {@code "id":ID}. */
    public void listsTools(ResponseDefinitionBuilder answer) {
        server.stubFor(method("tools/list").willReturn(answer));
    }

    public void listsToolsNormally() {
        listsTools(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withTransformers("response-template")
                .withBody("{\"jsonrpc\":\"2.0\",\"id\":{{jsonPath request.body '$.id'}},\"result\":{\"tools\":[]}}"));
    }

    /**
     * tools/list answers with an event stream that ends after a priming event (id "e1", retry 100 ms); the response
     * comes only to a GET that resumes from "e1". A GET carries no request to copy the id from: the gateway numbers
     * its requests from 1, so in a fresh gateway the first tools/list after /init (server/discover = 1, refused by
     * this legacy stub; initialize = 2) is request 3.
     */
    public void listsToolsOnAResumedStream() {
        listsTools(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody("id: e1\nretry: 100\ndata:\n\n"));
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/mcp"))
                .withHeader("Last-Event-ID", com.github.tomakehurst.wiremock.client.WireMock.equalTo("e1"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                        .withBody("id: e2\ndata: {\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"tools\":[{\"name\":\"resumed\"}]}}\n\n")));
    }

    /** tools/call answers with a stream cut off after event "e1"; resuming it gives the given answer. */
    public void callsToolOnACutOffStream(ResponseDefinitionBuilder resumed) {
        server.stubFor(method("tools/call").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody("id: e1\nretry: 50\ndata:\n\n")));
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/mcp"))
                .withHeader("Last-Event-ID", com.github.tomakehurst.wiremock.client.WireMock.equalTo("e1"))
                .willReturn(resumed));
    }

    /** server/discover answers with this status (by default a legacy server's 404 for an unknown request). */
    public void discoverAnswers(int status) {
        server.stubFor(method("server/discover").willReturn(aResponse().withStatus(status)));
    }

    /** tools/call answers with this JSON-RPC error, every time. */
    public void callsToolWithRpcError(int code, String message) {
        server.stubFor(method("tools/call").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withTransformers("response-template")
                .withBody("{\"jsonrpc\":\"2.0\",\"id\":{{jsonPath request.body '$.id'}},\"error\":{\"code\":" + code
                        + ",\"message\":\"" + message + "\"}}")));
    }

    /** tools/call answers with the given status, every time. */
    public void callsToolWith(int status) {
        callsTool(aResponse().withStatus(status));
    }

    /** The answer to tools/call, every time. */
    public void callsTool(ResponseDefinitionBuilder answer) {
        server.stubFor(method("tools/call").willReturn(answer));
    }

    /** tools/list fails with the status the given number of times, then answers normally. */
    public void listsToolsAfterFailures(int status, int failures) {
        listsToolsAfterFailures(aResponse().withStatus(status), failures);
    }

    /**
     * The reference server's answer to a request in a session it does not know (server-everything, and servers built
     * from the TypeScript SDK's examples): 400 with a JSON-RPC error -32000 that names the request, not the 404 the
     * specification asks for.
     */
    public static ResponseDefinitionBuilder noValidSessionId() {
        return aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withTransformers("response-template")
                .withBody("{\"jsonrpc\":\"2.0\",\"id\":{{jsonPath request.body '$.id'}},\"error\":{\"code\":-32000,"
                        + "\"message\":\"Bad Request: No valid session ID provided\"}}");
    }

    /** tools/list fails with the given answer the given number of times, then answers normally. */
    public void listsToolsAfterFailures(ResponseDefinitionBuilder failure, int failures) {
        String scenario = "flaky-tools-list";
        for (int i = 0; i < failures; i++) {
            server.stubFor(method("tools/list").inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED : "failed-" + i)
                    .willSetStateTo("failed-" + (i + 1)).willReturn(failure));
        }
        server.stubFor(method("tools/list").inScenario(scenario).whenScenarioStateIs("failed-" + failures)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withTransformers("response-template")
                        .withBody("{\"jsonrpc\":\"2.0\",\"id\":{{jsonPath request.body '$.id'}},\"result\":{\"tools\":[]}}")));
    }

    /** DELETE requests received: upstream sessions the gateway ended. */
    public int deleteCount() {
        return server.countRequestsMatching(com.github.tomakehurst.wiremock.client.WireMock
                .deleteRequestedFor(urlPathEqualTo("/mcp")).build()).getCount();
    }

    public int resumptionCount() {
        return server.countRequestsMatching(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo("/mcp"))
                .build()).getCount();
    }

    public int count(String method) {
        return server.countRequestsMatching(postRequestedFor(urlPathEqualTo("/mcp"))
                .withRequestBody(containing("\"method\":\"" + method + "\"")).build()).getCount();
    }

    /** Bodies of the requests received with the given text in them. */
    public java.util.List<String> bodiesContaining(String text) {
        return server.getAllServeEvents().stream().map(e -> e.getRequest().getBodyAsString())
                .filter(body -> body.contains(text)).toList();
    }

    /** The nonce each request carried, oldest first. */
    public java.util.List<String> nonces() {
        return server.getAllServeEvents().stream().map(e -> e.getRequest().getHeader("X-Request-Nonce")).toList();
    }

    public void failsToolsList(Fault fault) {
        listsTools(aResponse().withFault(fault));
    }

    public int toolsListCount() {
        return count("tools/list");
    }

    @Override
    public void close() {
        server.stop();
    }
}
