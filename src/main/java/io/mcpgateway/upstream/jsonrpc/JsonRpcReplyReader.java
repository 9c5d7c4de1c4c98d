package io.mcpgateway.upstream.jsonrpc;

import io.mcpgateway.error.CatalogFailure;
import io.mcpgateway.error.ErrorType;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
 * callback so they can be answered and the server never waits, and stops at the response to the request. Everything
 * is bounded: total bytes, line and event size, notifications kept, server requests accepted, and time.
 */
public final class JsonRpcReplyReader {

    /** A server may ask for a pause before resuming; the gateway never waits longer than this. */
    public static final long MAX_RETRY_MILLIS = 30_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Bounds on one reply. */
    public record Limits(long maxReplyBytes, int maxLineBytes, int maxEventBytes, int maxNotifications,
                         int maxServerRequests) {
    }

    private final Limits limits;

    public JsonRpcReplyReader(Limits limits) {
        this.limits = limits;
    }

    /**
     * @param contentType     the response's Content-Type
     * @param requestId       the id of the request sent
     * @param lastEventId     the id of the last event already seen, when this stream resumes an earlier one
     * @param deadlineNanos   {@link System#nanoTime()} after which no further event is waited for
     * @param onServerRequest called for each JSON-RPC request the server sends on the stream
     * @throws MalformedReplyException when the body is not what Streamable HTTP allows, or exceeds a limit
     */
    public JsonRpcReply read(String contentType, InputStream body, JsonNode requestId, String lastEventId,
                             long deadlineNanos, Consumer<JsonNode> onServerRequest) throws IOException {
        InputStream bounded = new BoundedInputStream(body, limits.maxReplyBytes());
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (mediaType.equals("application/json")) {
            JsonNode message = parse(new String(bounded.readAllBytes(), StandardCharsets.UTF_8));
            if (!isAnswerTo(message, requestId)) {
                throw new MalformedReplyException("the JSON answer is not the response to the request");
            }
            return new JsonRpcReply(message, List.of(), lastEventId, null);
        }
        if (!mediaType.equals("text/event-stream")) {
            throw new MalformedReplyException("unexpected content type");
        }
        SseReader events = new SseReader(bounded, limits.maxLineBytes(), limits.maxEventBytes());
        List<JsonNode> notifications = new ArrayList<>();
        int serverRequests = 0;
        String lastId = lastEventId;
        Long retry = null;
        Optional<SseEvent> next;
        while ((next = events.next()).isPresent()) {
            SseEvent event = next.get();
            lastId = event.id() != null ? event.id() : lastId;
            retry = event.retryMillis() != null ? Long.valueOf(Math.min(event.retryMillis(), MAX_RETRY_MILLIS)) : retry;
            if (!event.data().isEmpty()) {
                JsonNode message = parse(event.data());
                if (isAnswerTo(message, requestId)) {
                    return new JsonRpcReply(message, List.copyOf(notifications), lastId, retry);
                }
                if (message.has("method") && message.has("id")) {
                    if (++serverRequests > limits.maxServerRequests()) {
                        throw new MalformedReplyException("too many requests from the server");
                    }
                    onServerRequest.accept(message);
                } else if (message.has("method") && notifications.size() < limits.maxNotifications()) {
                    notifications.add(message);
                }
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new ReplyTimeoutException();
            }
        }
        return new JsonRpcReply(null, List.copyOf(notifications), lastId, retry);
    }

    /** The response to the request: same id (numbers by value, strings as text), or an error without an id. */
    private static boolean isAnswerTo(JsonNode message, JsonNode requestId) {
        if (message.has("method") || !(message.has("result") || message.has("error"))) {
            return false;
        }
        JsonNode id = message.get("id");
        if (id == null || id.isNull()) {
            return message.has("error"); // a request the server could not even parse; ours is the only one here
        }
        if (id.isNumber() && requestId.isNumber()) {
            return id.decimalValue().compareTo(requestId.decimalValue()) == 0;
        }
        return id.isTextual() && requestId.isTextual() && id.asText().equals(requestId.asText());
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

    /** The upstream's answer breaks the protocol or a limit; its content is deliberately not carried. */
    public static class MalformedReplyException extends IOException implements CatalogFailure {
        public MalformedReplyException(String reason) {
            super(reason);
        }

        @Override
        public ErrorType type() {
            return ErrorType.UPSTREAM_ERROR;
        }

        /** Not the reason: it describes the upstream's answer, which the caller is not told about. */
        @Override
        public String safeMessage() {
            return "Invalid answer from the MCP server";
        }
    }

    /** The stream went on past the request's deadline: a timeout, not a protocol error. */
    public static final class ReplyTimeoutException extends java.io.InterruptedIOException {
        public ReplyTimeoutException() {
            super("no response before the deadline");
        }
    }

    /** Fails the read once more than the allowed bytes arrived. */
    private static final class BoundedInputStream extends FilterInputStream {
        private long remaining;

        BoundedInputStream(InputStream in, long maxBytes) {
            super(in);
            this.remaining = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b != -1 && --remaining < 0) {
                throw new MalformedReplyException("reply larger than the limit");
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0 && (remaining -= n) < 0) {
                throw new MalformedReplyException("reply larger than the limit");
            }
            return n;
        }
    }
}
