package io.mcpgateway.upstream.jsonrpc;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an upstream answer to one JSON-RPC request contained: the response whose id matches (null if the stream ended
 * first), the notifications that came before it (progress, log messages), and, for a cut-off stream, where to resume.
 */
public record JsonRpcReply(JsonNode response, List<JsonNode> notifications, String lastEventId, Long retryMillis) {

    public boolean complete() {
        return response != null;
    }

    public boolean isError() {
        return response != null && response.has("error");
    }
}
