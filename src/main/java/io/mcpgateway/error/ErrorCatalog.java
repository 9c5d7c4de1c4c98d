package io.mcpgateway.error;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hc.core5.http.impl.EnglishReasonPhraseCatalog;

/**
 * Maps any failure to its catalog answer. Only a {@link CatalogFailure} carries a message of its own (already safe);
 * every other class gets a fixed message, so no exception text, URL or header value can reach a caller.
 */
public final class ErrorCatalog {

    private ErrorCatalog() {
    }

    /**
     * One answer, rendered for either front door: {@link #toJson} and {@link #headers} for the REST API,
     * {@link #toJsonRpcError} for the MCP endpoint.
     */
    public record Answer(ErrorType type, String message, Integer retryAfterSeconds, String allow) {

        public Answer(ErrorType type, String message) {
            this(type, message, null, null);
        }

        public int status() {
            return type.status();
        }

        /** {@code {"status":"error","error_type":...,"error":...,"request_id":...}}. */
        public String toJson(String requestId) {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("status", "error").put("error_type", type.name()).put("error", message).put("request_id", requestId);
            return body.toString();
        }

        /**
         * The JSON-RPC error object: {@code {"code":...,"message":...,"data":{"type":...,"request_id":...}}}. A failure
         * of the gateway or beyond it (5xx) is -32603 "internal error", its kind in {@code data.type} and, when it may
         * be retried, the wait in {@code data.retryAfterMs}; every other entry has a code of its own.
         */
        public ObjectNode toJsonRpcError(String requestId) {
            int code = type.status() >= 500 ? -32603 : type.jsonRpcCode();
            ObjectNode error = JsonNodeFactory.instance.objectNode().put("code", code).put("message", message);
            ObjectNode data = error.putObject("data").put("type", type.name()).put("request_id", requestId);
            if (type.headers().contains(ErrorType.Header.RETRY_AFTER)) {
                data.put("retryAfterMs", retryAfter() * 1000L);
            }
            return error;
        }

        /** The HTTP headers the entry carries, by name. */
        public Map<String, String> headers() {
            Map<String, String> headers = new LinkedHashMap<>();
            for (ErrorType.Header header : ErrorType.Header.values()) {
                if (type.headers().contains(header)) {
                    String value = switch (header) {
                        case RETRY_AFTER -> Integer.toString(retryAfter());
                        case ALLOW -> allow;
                        case WWW_AUTHENTICATE -> "Bearer";
                    };
                    if (value != null) {
                        headers.put(header.httpName, value);
                    }
                }
            }
            return headers;
        }

        private int retryAfter() {
            return retryAfterSeconds != null ? retryAfterSeconds : ErrorType.DEFAULT_RETRY_AFTER_SECONDS;
        }
    }

    /**
     * "403 Forbidden": a status and its standard reason phrase, for messages about a remote answer. The phrase comes
     * from the standard table, never from the remote response, which could put anything there.
     */
    public static String statusLine(int status) {
        String phrase = status >= 100 && status < 600 ? EnglishReasonPhraseCatalog.INSTANCE.getReason(status, null) : null;
        return status + " " + (phrase == null ? "Unexpected Status" : phrase);
    }

    /**
     * The answer for a request the HTTP server refused before any route ran, by the status it refused it with
     * (404 also for a request target that is no path, such as "*").
     */
    public static Answer refusedByServer(int status) {
        return switch (status) {
            case 404 -> new Answer(ErrorType.NOT_FOUND, "No such endpoint");
            case 413 -> new Answer(ErrorType.PAYLOAD_TOO_LARGE, "Request body exceeds the server limit");
            default -> status >= 400 && status < 500 ? new Answer(ErrorType.VALIDATION_ERROR, "Malformed request")
                    : new Answer(ErrorType.SERVER_ERROR, "Internal error");
        };
    }

    public static Answer classify(Throwable failure) {
        // A decided answer wins even when a library wrapped it (e.g. a blocked address inside an I/O error).
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CatalogFailure decided) {
                return new Answer(decided.type(), decided.safeMessage(), decided.retryAfterSeconds(), decided.allow());
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof IOException) {
                return new Answer(ErrorType.NETWORK_ERROR, "Network error while contacting a remote service");
            }
        }
        return new Answer(ErrorType.SERVER_ERROR, "Internal error");
    }
}
