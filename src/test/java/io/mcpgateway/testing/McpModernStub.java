package io.mcpgateway.testing;

import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * An MCP server of the modern revision (2026-07-28) played by WireMock: it answers server/discover, never opens a
 * session, and lists one tool whose "region" argument is mirrored into a header (x-mcp-header).
 */
public final class McpModernStub implements AutoCloseable {

    private final WireMockServer server;

    public McpModernStub() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        answer("server/discover", "{\"supportedVersions\":[\"2026-07-28\"],\"capabilities\":{\"tools\":{}},"
                + "\"serverInfo\":{\"name\":\"modern-stub\",\"version\":\"1\"}}");
        answer("tools/list", "{\"resultType\":\"complete\",\"tools\":[{\"name\":\"forecast\",\"inputSchema\":{\"type\":\"object\","
                + "\"properties\":{\"region\":{\"type\":\"string\",\"x-mcp-header\":\"Region\"},\"days\":{\"type\":\"integer\"}}}},"
                + "{\"name\":\"spaced\",\"inputSchema\":{\"type\":\"object\",\"properties\":{\"a\":{\"x-mcp-header\":\"Bad Name\"}}}},"
                + "{\"name\":\"twins\",\"inputSchema\":{\"type\":\"object\",\"properties\":{\"a\":{\"x-mcp-header\":\"Zone\"},"
                + "\"b\":{\"x-mcp-header\":\"zone\"}}}}]}");
        answer("tools/call", "{\"resultType\":\"complete\",\"content\":[{\"type\":\"text\",\"text\":\"sunny\"}]}");
    }

    private void answer(String method, String result) {
        server.stubFor(post(urlPathEqualTo("/mcp")).withRequestBody(containing("\"method\":\"" + method + "\""))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withTransformers("response-template")
                        .withBody("{\"jsonrpc\":\"2.0\",\"id\":{{jsonPath request.body '$.id'}},\"result\":" + result + "}")));
    }

    public String url() {
        return "http://127.0.0.1:" + server.port() + "/mcp";
    }

    public List<LoggedRequest> requests(String method) {
        return server.findAll(postRequestedFor(urlPathEqualTo("/mcp")).withRequestBody(containing("\"method\":\"" + method + "\"")));
    }

    public int count(String method) {
        return requests(method).size();
    }

    @Override
    public void close() {
        server.stop();
    }
}
