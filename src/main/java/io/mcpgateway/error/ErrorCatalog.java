package io.mcpgateway.error;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.mcpgateway.upstream.jsonrpc.JsonRpcReplyReader;
import org.apache.camel.processor.ThrottlerRejectedExecutionException;
import org.apache.hc.core5.http.impl.EnglishReasonPhraseCatalog;

/**
 * Maps any failure to its catalog answer. Only {@link GatewayException} carries a message of its own (already safe);
 * every other class gets a fixed message, so no exception text, URL or header value can reach a caller.
 */
public final class ErrorCatalog {

    /** The window of every gateway rate limit; a rejected caller may retry once it has passed. */
    public static final int RATE_LIMIT_RETRY_AFTER_SECONDS = 60;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorCatalog() {
    }

    public record Answer(ErrorType type, String message) {
        public int status() {
            return type.status();
        }

        /** {@code {"status":"error","error_type":...,"error":...,"request_id":...}}. */
        public String toJson(String requestId) {
            Map<String, String> body = new LinkedHashMap<>();
            body.put("status", "error");
            body.put("error_type", type.name());
            body.put("error", message);
            body.put("request_id", requestId);
            try {
                return JSON.writeValueAsString(body);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
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

    public static Answer classify(Throwable failure) {
        // A decided answer wins even when a library wrapped it (e.g. a blocked address inside an I/O error).
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof GatewayException ge) {
                return new Answer(ge.type(), ge.safeMessage());
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ThrottlerRejectedExecutionException) {
                return new Answer(ErrorType.RATE_LIMITED, "Too many requests, retry later");
            }
            if (t instanceof CallNotPermittedException) {
                return new Answer(ErrorType.UPSTREAM_UNAVAILABLE, "The MCP server is unavailable, retry later");
            }
            if (t instanceof JsonRpcReplyReader.MalformedReplyException) {
                return new Answer(ErrorType.UPSTREAM_ERROR, "Invalid answer from the MCP server");
            }
            if (t instanceof TimeoutException || t instanceof IOException) {
                return new Answer(ErrorType.NETWORK_ERROR, "Network error while contacting a remote service");
            }
        }
        return new Answer(ErrorType.SERVER_ERROR, "Internal error");
    }
}
