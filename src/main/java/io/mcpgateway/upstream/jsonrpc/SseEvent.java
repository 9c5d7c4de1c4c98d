package io.mcpgateway.upstream.jsonrpc;

/** One server-sent event: its data (lines joined by "\n"), and the id and retry fields when it carried them. */
public record SseEvent(String id, String event, String data, Long retryMillis) {
}
