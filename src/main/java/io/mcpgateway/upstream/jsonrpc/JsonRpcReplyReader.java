package io.mcpgateway.upstream.jsonrpc;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the answer to one JSON-RPC request from a Streamable HTTP response, which may be one JSON object or an event
 * stream. On a stream it keeps notifications, hands requests from the server (sampling, elicitation, roots) to a
 * callback so they can be answered and the server never waits, and stops at the response whose id matches.
 */
public final class JsonRpcReplyReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int maxLineBytes;
    private final int maxNotifications;

    public JsonRpcReplyReader(int maxLineBytes, int maxNotifications) {
        this.maxLineBytes = maxLineBytes;
        this.maxNotifications = maxNotifications;
    }

    /**
     * @param contentType     the response's Content-Type
     * @param requestId       the id of the request sent
     * @param onServerRequest called for each JSON-RPC request the server sends on the stream
     * @throws MalformedReplyException when the body is not what Streamable HTTP allows
     */
    public JsonRpcReply read(String contentType, InputStream body, JsonNode requestId, Consumer<JsonNode> onServerRequest)
            throws IOException {
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (mediaType.equals("application/json")) {
            JsonNode message = parse(new String(body.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            if (!isResponseTo(message, requestId)) {
                throw new MalformedReplyException("the JSON answer is not the response to the request");
            }
            return new JsonRpcReply(message, List.of(), null, null);
        }
        if (!mediaType.equals("text/event-stream")) {
            throw new MalformedReplyException("unexpected content type");
        }
        SseReader events = new SseReader(body, maxLineBytes);
        List<JsonNode> notifications = new ArrayList<>();
        String lastEventId = null;
        Long retry = null;
        Optional<SseEvent> next;
        while ((next = events.next()).isPresent()) {
            SseEvent event = next.get();
            lastEventId = event.id() != null ? event.id() : lastEventId;
            retry = event.retryMillis() != null ? event.retryMillis() : retry;
            if (event.data().isEmpty()) {
                continue; // a priming event (id only) or a keep-alive
            }
            JsonNode message = parse(event.data());
            if (isResponseTo(message, requestId)) {
                return new JsonRpcReply(message, List.copyOf(notifications), lastEventId, retry);
            }
            if (message.has("method") && message.has("id")) {
                onServerRequest.accept(message);
            } else if (message.has("method") && notifications.size() < maxNotifications) {
                notifications.add(message);
            }
        }
        return new JsonRpcReply(null, List.copyOf(notifications), lastEventId, retry);
    }

    private static boolean isResponseTo(JsonNode message, JsonNode requestId) {
        return !message.has("method") && requestId.equals(message.get("id"))
                && (message.has("result") || message.has("error"));
    }

    private static JsonNode parse(String json) throws MalformedReplyException {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new MalformedReplyException("a message is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MalformedReplyException("a message is not valid JSON");
        }
    }

    /** The upstream's answer breaks the protocol; its content is deliberately not carried. */
    public static final class MalformedReplyException extends IOException {
        public MalformedReplyException(String reason) {
            super(reason);
        }
    }
}
