package io.mcpgateway.upstream;

/**
 * The MCP session the gateway holds with its upstream for one gateway session (legacy era): the id the server gave
 * (absent when it runs without sessions) and the negotiated protocol version.
 */
public record UpstreamSession(String sessionId, String protocolVersion) {
}
